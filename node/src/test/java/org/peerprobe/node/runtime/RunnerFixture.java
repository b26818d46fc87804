package org.peerprobe.node.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.config.HostPort;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.SignedBundleFile;
import org.peerprobe.node.testing.TestDns;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;

/**
 * A small network of real {@link NodeRunner}s on loopback, each in its own directory with a key
 * file, a bundle file and a data directory, as {@code peerprobe node --config} would run them. The
 * bundle lists every node as a bootstrap peer on a port picked up front.
 */
final class RunnerFixture implements AutoCloseable {
  static final int INTERVAL_SECONDS = 1;
  static final String ROUTER = "web-router";

  /** The fronts' hostname; {@link #dns} resolves it to 127.0.0.1 for every node. */
  static final String FRONT_HOST = "front.peerprobe.test";

  final TestNetwork net;
  final Path root;
  final List<Integer> ports = new ArrayList<>();
  final TestDns dns;

  RunnerFixture(TestNetwork net, Path root, io.netty.channel.EventLoopGroup group)
      throws IOException {
    this.net = net;
    this.root = root;
    this.dns = TestDns.start(group).answer(FRONT_HOST, java.net.InetAddress.getLoopbackAddress());
    for (int i = 0; i < net.size(); i++) {
      ports.add(freePort());
      Path dir = dir(i);
      Files.createDirectories(dir);
      KeyFile.write(dir.resolve("node.key"), net.key(i), false);
    }
  }

  /**
   * The bundle of version {@code version} probing {@code frontUrl} (host {@link #FRONT_HOST})
   * twice.
   */
  NetworkBundle bundle(long version, String frontUrl, int downRounds) {
    NetworkBundle.Builder b =
        NetworkBundle.builder()
            .roster(net.roster())
            .front(front(TestNetwork.PRIMARY, frontUrl))
            .front(front(TestNetwork.SECONDARY, frontUrl))
            .router(
                new Router(
                    RouterPolicy.builder(ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                        .downRounds(downRounds)
                        .cooldownRounds(0)
                        .build(),
                    60))
            .roundIntervalSeconds(INTERVAL_SECONDS)
            .allowPrivateAddresses(true);
    for (int i = 0; i < net.size(); i++) {
      b.bootstrapPeer(address(i).toString());
    }
    return b.build().withVersion(version);
  }

  /** A front on loopback with timeouts that fit a 1 s round (one attempt of at most 400 ms). */
  static Front front(String id, String url) {
    return new Front(
        id,
        FRONT_HOST,
        url,
        Front.DEFAULT_EXPECTED_STATUS,
        java.util.Optional.empty(),
        new Front.Timeouts(200, 200, 200, 300, 400),
        1);
  }

  static SignedBundle signed(NetworkBundle bundle) {
    return SignedBundle.sign(bundle, TestKeys.operator());
  }

  void writeBundle(int node, SignedBundle bundle) throws IOException {
    SignedBundleFile.write(dir(node).resolve("network.json"), bundle);
  }

  NodeConfig config(int node) {
    Path dir = dir(node);
    return NodeConfig.builder()
        .keyFile(dir.resolve("node.key"))
        .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + ports.get(node)))
        .dataDir(dir.resolve("data"))
        .network(net.observer(node).network())
        .bundleFile(dir.resolve("network.json"))
        .trustedOperator(TestKeys.operator().publicKey())
        .dnsResolver(new HostPort(dns.address().getHostString(), dns.address().getPort()))
        .build();
  }

  Path dir(int node) {
    return root.resolve("node-" + node);
  }

  Multiaddr address(int node) {
    Ed25519KeyPair k = net.key(node);
    return Multiaddr.parse(
        "/ip4/127.0.0.1/tcp/" + ports.get(node) + "/p2p/" + HostKey.fromSeed(k.seed()).peerId());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    dns.close();
  }
}
