package org.peerprobe.cli;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.NodeConfigFile;
import org.peerprobe.node.config.SignedBundleFile;
import org.peerprobe.node.runtime.NodeRunner;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.testing.TestDns;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.testing.LoopbackPorts;

/**
 * Real nodes on loopback, each started from its own directory (node.key, network.json, node.yaml)
 * as {@code peerprobe node --config} would: four observers on three networks, node 0 also the
 * roster's only signer, two HTTP fronts, and one router with manual failback. The operator key file
 * is {@code operator.key} in the root directory.
 */
final class RouterNetwork implements AutoCloseable {
  static final int NODES = 4;
  static final String ROUTER = "web-router";
  static final String FRONT_HOST = "front.peerprobe.test";

  final TestNetwork net = TestNetwork.of(NODES, 3);
  final Path root;
  final TestFront primary;
  final TestFront secondary;
  final Path operatorKey;
  final List<NodeRunner> runners = new ArrayList<>();
  final List<ConcurrentLinkedQueue<NodeEvent>> events = new ArrayList<>();
  private final TestDns dns;
  private final List<Integer> ports = new ArrayList<>();

  RouterNetwork(Path root, EventLoopGroup group) throws IOException {
    this.root = root;
    this.primary = TestFront.http(group);
    this.secondary = TestFront.http(group);
    this.dns = TestDns.start(group).answer(FRONT_HOST, InetAddress.getLoopbackAddress());
    this.operatorKey = root.resolve("operator.key");
    KeyFile.write(operatorKey, TestKeys.operator(), false);
    for (int i = 0; i < NODES; i++) {
      ports.add(LoopbackPorts.reserve());
    }
    SignedBundle bundle = SignedBundle.sign(bundle(), TestKeys.operator());
    for (int i = 0; i < NODES; i++) {
      Path dir = dir(i);
      Files.createDirectories(dir);
      KeyFile.write(dir.resolve("node.key"), net.key(i), false);
      SignedBundleFile.write(dir.resolve("network.json"), bundle);
      Files.writeString(config(i), yaml(i));
    }
  }

  /** Starts every node and records its events. */
  void start() {
    for (int i = 0; i < NODES; i++) {
      NodeRunner r = NodeRunner.start(NodeConfigFile.load(config(i)));
      runners.add(r);
      ConcurrentLinkedQueue<NodeEvent> q = new ConcurrentLinkedQueue<>();
      r.service().addListener(q::add);
      events.add(q);
    }
  }

  Path config(int node) {
    return dir(node).resolve("node.yaml");
  }

  private Path dir(int node) {
    return root.resolve("node-" + node);
  }

  private String yaml(int node) {
    return String.join(
        "\n",
        "keyFile: node.key",
        "network: " + net.observer(node).network(),
        "bundleFile: network.json",
        "trustedOperator: " + TestKeys.operator().publicKey().hex(),
        "listen: /ip4/127.0.0.1/tcp/" + ports.get(node),
        "dataDir: data",
        "feedAddress: 127.0.0.1:0",
        "dnsResolvers: [127.0.0.1:" + dns.address().getPort() + "]",
        "");
  }

  private NetworkBundle bundle() {
    Roster.Builder roster =
        Roster.builder()
            .networkId(TestNetwork.NETWORK_ID)
            .version(1)
            .operator(TestKeys.operator().publicKey())
            .signer(net.key(0).publicKey());
    for (Observer o : net.roster().observers()) {
      roster.observer(o.key(), o.network(), o.label(), o.weight());
    }
    NetworkBundle.Builder b =
        NetworkBundle.builder()
            .roster(roster.build())
            .front(front(TestNetwork.PRIMARY, primary))
            .front(front(TestNetwork.SECONDARY, secondary))
            .router(
                new Router(
                    RouterPolicy.builder(ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                        .downRounds(1)
                        .cooldownRounds(0)
                        .failback(FailbackMode.MANUAL)
                        .build(),
                    60))
            .roundIntervalSeconds(1)
            .allowPrivateAddresses(true);
    for (int i = 0; i < NODES; i++) {
      b.bootstrapPeer(
          "/ip4/127.0.0.1/tcp/"
              + ports.get(i)
              + "/p2p/"
              + HostKey.fromSeed(net.key(i).seed()).peerId());
    }
    return b.build();
  }

  /** A front on loopback with timeouts that fit a 1 s round (one attempt of at most 400 ms). */
  private static Front front(String id, TestFront server) {
    return new Front(
        id,
        FRONT_HOST,
        server.url(FRONT_HOST),
        Front.DEFAULT_EXPECTED_STATUS,
        Optional.empty(),
        new Front.Timeouts(200, 200, 200, 300, 400),
        1);
  }

  @Override
  public void close() {
    for (int i = runners.size() - 1; i >= 0; i--) {
      runners.get(i).close();
    }
    dns.close();
    primary.close();
    secondary.close();
  }
}
