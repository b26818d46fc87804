package org.peerprobe.node.runtime;

import java.io.IOException;
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
import org.peerprobe.p2p.testing.LoopbackPorts;

/**
 * A small network of real {@link NodeRunner}s on loopback, each in its own directory with a key
 * file, a bundle file and a data directory, as {@code peerprobe node --config} would run them. The
 * bundle lists every node as a bootstrap peer on a port picked up front. Nodes {@code 0..n-1} are
 * the roster's observers; nodes {@link #signer()} and {@link #standby()} hold the roster's two
 * signer keys.
 */
final class RunnerFixture implements AutoCloseable {
  static final int INTERVAL_SECONDS = 1;
  static final String ROUTER = "web-router";

  /** The fronts' hostname; {@link #dns} resolves it to 127.0.0.1 for every node. */
  static final String FRONT_HOST = "front.peerprobe.test";

  /**
   * Hostnames of distinct primary and secondary fronts (see {@link #bundle(long, int, int, int)}).
   */
  static final String PRIMARY_HOST = "cf-front.peerprobe.test";

  static final String SECONDARY_HOST = "cdn2-front.peerprobe.test";

  final TestNetwork net;
  final Path root;
  final List<Integer> ports = new ArrayList<>();
  final TestDns dns;

  RunnerFixture(TestNetwork net, Path root, io.netty.channel.EventLoopGroup group)
      throws IOException {
    this.net = net;
    this.root = root;
    this.dns = TestDns.start(group).answer(FRONT_HOST, java.net.InetAddress.getLoopbackAddress());
    for (int i = 0; i <= standby(); i++) {
      ports.add(LoopbackPorts.reserve());
      Path dir = dir(i);
      Files.createDirectories(dir);
      KeyFile.write(dir.resolve("node.key"), key(i), false);
    }
    for (String host : List.of(PRIMARY_HOST, SECONDARY_HOST)) {
      dns.answer(host, java.net.InetAddress.getLoopbackAddress());
    }
  }

  /** The index of the node holding the roster's first signer key (first in key order). */
  int signer() {
    return net.size();
  }

  /** The index of the node holding the roster's second (standby) signer key. */
  int standby() {
    return net.size() + 1;
  }

  Ed25519KeyPair key(int node) {
    boolean signerFirst = net.roster().signers().get(0).equals(TestKeys.signer().publicKey());
    if (node == signer()) {
      return signerFirst ? TestKeys.signer() : TestKeys.standbySigner();
    }
    if (node == standby()) {
      return signerFirst ? TestKeys.standbySigner() : TestKeys.signer();
    }
    return net.key(node);
  }

  /**
   * The bundle of version {@code version} probing {@code frontUrl} (host {@link #FRONT_HOST})
   * twice.
   */
  NetworkBundle bundle(long version, String frontUrl, int downRounds) {
    return bundle(
        version,
        front(TestNetwork.PRIMARY, FRONT_HOST, frontUrl),
        front(TestNetwork.SECONDARY, FRONT_HOST, frontUrl),
        downRounds,
        RouterPolicy.DEFAULT_UP_ROUNDS);
  }

  /**
   * The bundle of version {@code version} with a primary and a secondary front on their own ports
   * and hostnames, and a router with auto failback after {@code upRounds}.
   */
  NetworkBundle bundle(
      long version, int primaryPort, int secondaryPort, int downRounds, int upRounds) {
    return bundle(
        version,
        front(TestNetwork.PRIMARY, PRIMARY_HOST, url(PRIMARY_HOST, primaryPort)),
        front(TestNetwork.SECONDARY, SECONDARY_HOST, url(SECONDARY_HOST, secondaryPort)),
        downRounds,
        upRounds);
  }

  private NetworkBundle bundle(
      long version, Front primary, Front secondary, int downRounds, int upRounds) {
    NetworkBundle.Builder b =
        NetworkBundle.builder()
            .roster(net.roster())
            .front(primary)
            .front(secondary)
            .router(
                new Router(
                    RouterPolicy.builder(ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                        .downRounds(downRounds)
                        .upRounds(upRounds)
                        .cooldownRounds(0)
                        .build(),
                    60))
            .roundIntervalSeconds(INTERVAL_SECONDS)
            .allowPrivateAddresses(true);
    for (int i = 0; i <= standby(); i++) {
      b.bootstrapPeer(address(i).toString());
    }
    return b.build().withVersion(version);
  }

  private static String url(String host, int port) {
    return "http://" + host + ":" + port + "/";
  }

  /** A front on loopback with timeouts that fit a 1 s round (one attempt of at most 400 ms). */
  static Front front(String id, String host, String url) {
    return new Front(
        id,
        host,
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
        .network(node >= signer() ? "AS64999" : net.observer(node).network())
        .bundleFile(dir.resolve("network.json"))
        .trustedOperator(TestKeys.operator().publicKey())
        .dnsResolver(new HostPort(dns.address().getHostString(), dns.address().getPort()))
        .feedAddress(new HostPort("127.0.0.1", 0))
        .build();
  }

  Path dir(int node) {
    return root.resolve("node-" + node);
  }

  Multiaddr address(int node) {
    Ed25519KeyPair k = key(node);
    return Multiaddr.parse(
        "/ip4/127.0.0.1/tcp/" + ports.get(node) + "/p2p/" + HostKey.fromSeed(k.seed()).peerId());
  }

  @Override
  public void close() {
    dns.close();
  }
}
