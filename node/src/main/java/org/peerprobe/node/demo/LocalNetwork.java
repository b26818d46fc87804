package org.peerprobe.node.demo;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.probe.NettyProber;
import org.peerprobe.node.probe.ProbeConfig;
import org.peerprobe.node.probe.StaticHostResolver;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.gossip.GossipNode;

/**
 * A network of real nodes in one process on loopback, as the demo and the benchmarks build it: a
 * prober that resolves the fronts' names to loopback, and a ring of gossip nodes.
 */
public final class LocalNetwork {
  private LocalNetwork() {}

  /** A prober of {@code specs} whose hostnames all resolve to loopback. */
  public static NettyProber loopbackProber(EventLoopGroup io, Map<String, FrontSpec> specs) {
    StaticHostResolver.Builder r = StaticHostResolver.builder();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    specs.values().forEach(s -> r.map(s.hostname(), loopback));
    return NettyProber.builder(ProbeConfig.forLocalFronts(), io).resolver(r.build()).build();
  }

  /**
   * Listens every node on a free loopback port and has node i dial i+1 and i+2 (mod n): a connected
   * graph of degree about 4. Returns once every dial completed.
   */
  public static void ring(List<GossipNode> nodes) {
    List<Multiaddr> addrs = new ArrayList<>();
    for (GossipNode n : nodes) {
      addrs.add(n.host().listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).join());
    }
    List<CompletableFuture<?>> dials = new ArrayList<>();
    int n = nodes.size();
    for (int i = 0; i < n; i++) {
      for (int d = 1; d <= Math.min(2, n - 1); d++) {
        dials.add(nodes.get(i).host().dial(addrs.get((i + d) % n)));
      }
    }
    CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new)).join();
  }
}
