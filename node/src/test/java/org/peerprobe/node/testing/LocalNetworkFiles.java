package org.peerprobe.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.node.config.BundleSourceFile;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.SignedBundleFile;
import org.peerprobe.p2p.testing.LoopbackPorts;

/**
 * Writes the files of a small peerprobe network on loopback the way an operator and its volunteers
 * would: an operator key, a {@code bundle.yaml} signed into {@code network.json}, and one directory
 * per node holding its owner-only {@code node.key}, {@code node.yaml} and a copy of {@code
 * network.json}. Start a node with {@code NodeRunner.start(NodeConfigFile.load(node.config()))} or
 * {@code peerprobe node --config <node.config()>}.
 *
 * <p>Every node is an observer of weight 1 in a network of its own ({@code AS64501}, {@code
 * AS64502}, …), listens on a fixed free loopback port and has all nodes as bootstrap peers. The
 * bundle allows private addresses, probes the given fronts (each {@code id →
 * http://127.0.0.1:PORT/} URL) and has one router {@value #ROUTER} from the first front to the
 * second; the policy is 2/3 of the weight from at least 2 networks, at most 1/2 from one.
 */
public final class LocalNetworkFiles {
  public static final String NETWORK_ID = "loopback";
  public static final String ROUTER = "web";

  /** One node's identity and files. */
  public record Node(String name, String network, Ed25519KeyPair key, int port, Path dir) {
    public Path config() {
      return dir.resolve("node.yaml");
    }

    public Path dataDir() {
      return dir.resolve("data");
    }

    public String peerId() {
      return key.publicKey().peerId();
    }

    /** The node's listen address with its PeerId, as written in the bootstrap peers. */
    public String address() {
      return "/ip4/127.0.0.1/tcp/" + port + "/p2p/" + peerId();
    }
  }

  private final NetworkBundle bundle;
  private final List<Node> nodes;

  private LocalNetworkFiles(NetworkBundle bundle, List<Node> nodes) {
    this.bundle = bundle;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Writes a network of {@code nodeCount} nodes under {@code root}.
   *
   * @param fronts front id → URL on {@code localhost}, in order; at least two (the router's primary
   *     and secondary)
   */
  public static LocalNetworkFiles write(
      Path root, int nodeCount, int roundIntervalSeconds, Map<String, String> fronts) {
    if (fronts.size() < 2) {
      throw new IllegalArgumentException("the router needs two fronts");
    }
    SecureRandom random = new SecureRandom();
    Ed25519KeyPair operator = Ed25519KeyPair.generate(random);
    try {
      KeyFile.write(root.resolve("operator.key"), operator, false);
      int[] ports = new int[nodeCount];
      Arrays.setAll(ports, i -> LoopbackPorts.reserve());
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < nodeCount; i++) {
        String name = "node-" + (i + 1);
        nodes.add(
            new Node(
                name,
                "AS" + (64501 + i),
                Ed25519KeyPair.generate(random),
                ports[i],
                Files.createDirectories(root.resolve(name))));
      }
      Path source = root.resolve("bundle.yaml");
      Files.writeString(
          source,
          bundleYaml(operator, nodes, roundIntervalSeconds, fronts),
          StandardCharsets.UTF_8);
      NetworkBundle bundle = BundleSourceFile.loadBundle(source, Map.<String, String>of()::get, 1);
      SignedBundle signed = SignedBundle.sign(bundle, operator);
      for (Node n : nodes) {
        KeyFile.write(n.dir().resolve("node.key"), n.key(), false);
        SignedBundleFile.write(n.dir().resolve("network.json"), signed);
        Files.writeString(n.config(), nodeYaml(n, operator), StandardCharsets.UTF_8);
      }
      return new LocalNetworkFiles(bundle, nodes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public NetworkBundle bundle() {
    return bundle;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  private static String bundleYaml(
      Ed25519KeyPair operator, List<Node> nodes, int intervalSeconds, Map<String, String> fronts) {
    // Every attempt of a front must fit in the round: one attempt in short test rounds, two in
    // realistic ones, each with up to 80 % of its share of the round.
    int attempts = intervalSeconds >= 5 ? 2 : 1;
    long totalMs = Math.min(10_000, intervalSeconds * 800L / attempts);
    String phase = totalMs / 2 + "ms";
    StringBuilder y = new StringBuilder();
    y.append("networkId: ").append(NETWORK_ID).append('\n');
    y.append("operator: ").append(operator.publicKey().peerId()).append('\n');
    y.append("roundInterval: ").append(intervalSeconds).append("s\n");
    y.append("allowPrivateAddresses: true\n");
    y.append("policy: {threshold: 2/3, minNetworks: 2, maxNetworkShare: 1/2}\n");
    y.append("observers:\n");
    for (Node n : nodes) {
      y.append("  - {peerId: ").append(n.peerId());
      y.append(", network: ")
          .append(n.network())
          .append(", label: ")
          .append(n.name())
          .append("}\n");
    }
    y.append("fronts:\n");
    fronts.forEach(
        (id, url) -> {
          y.append("  - id: ").append(id).append('\n');
          y.append("    hostname: localhost\n");
          y.append("    url: '").append(url).append("'\n");
          y.append("    attempts: ").append(attempts).append('\n');
          y.append("    timeouts: {dns: ").append(phase).append(", connect: ").append(phase);
          y.append(", tls: ").append(phase).append(", firstByte: ").append(totalMs * 3 / 4);
          y.append("ms, total: ").append(totalMs).append("ms}\n");
        });
    List<String> ids = List.copyOf(fronts.keySet());
    y.append("routers:\n");
    y.append("  - {name: ").append(ROUTER).append(", primary: ").append(ids.get(0));
    y.append(", secondary: ").append(ids.get(1)).append("}\n");
    y.append("bootstrapPeers:\n");
    nodes.forEach(n -> y.append("  - ").append(n.address()).append('\n'));
    return y.toString();
  }

  private static String nodeYaml(Node n, Ed25519KeyPair operator) {
    return String.join(
        "\n",
        "keyFile: node.key",
        "network: " + n.network(),
        "bundleFile: network.json",
        "trustedOperator: " + operator.publicKey().peerId(),
        "listen: /ip4/127.0.0.1/tcp/" + n.port(),
        "feedAddress: 127.0.0.1:0",
        "dataDir: data",
        "");
  }
}
