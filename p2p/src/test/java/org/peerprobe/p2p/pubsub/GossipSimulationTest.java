package org.peerprobe.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.pubsub.SimNetwork.Node;

/**
 * Seeded, deterministic simulations of 50 routers on a random graph (each node dials 4 others:
 * average degree 8) with 10–80 ms links, all in virtual time.
 */
class GossipSimulationTest {
  private static final String TOPIC = "peerprobe/observations";
  private static final int NODES = 50;
  private static final ScoreParams SCORE = ScoreParams.builder().acceptPxThreshold(0).build();

  private static SimNetwork network(long seed) {
    SimNetwork net = new SimNetwork(seed, 10, 80);
    for (int i = 0; i < NODES; i++) {
      net.add(GossipParams.DEFAULT, SCORE);
    }
    net.randomGraph(4);
    for (Node n : net.nodes) {
      n.router.registerValidator(
          TOPIC,
          Validator.sync(
              m ->
                  new String(m.data()).startsWith("bad")
                      ? ValidationResult.REJECT
                      : ValidationResult.ACCEPT));
      n.subscribe(TOPIC);
    }
    net.startAll();
    net.run(Duration.ofSeconds(5));
    return net;
  }

  /** Publishes {@code count} messages from random honest nodes, one every {@code gapMs}. */
  private static List<Published> publish(
      SimNetwork net, String prefix, int count, int gapMs, List<Node> from) {
    List<Published> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Node n = from.get(net.random.nextInt(from.size()));
      String payload = prefix + i;
      n.router.publish(TOPIC, payload.getBytes());
      out.add(new Published(payload, n, net.sched.nowMillis()));
      net.run(Duration.ofMillis(gapMs));
    }
    return out;
  }

  record Published(String payload, Node from, long at) {}

  /** Delivery ratio over {@code receivers}; collects per-delivery latencies. */
  private static double deliveryRatio(
      List<Published> msgs, List<Node> receivers, List<Long> latencies) {
    long expected = 0;
    long got = 0;
    for (Published p : msgs) {
      for (Node n : receivers) {
        if (n == p.from()) {
          continue;
        }
        expected++;
        List<Long> times = n.received.get(p.payload());
        if (times != null) {
          got++;
          latencies.add(times.get(0) - p.at());
          assertThat(times).as("delivered once").hasSize(1);
        }
      }
    }
    return (double) got / expected;
  }

  private static long percentile(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }

  private static String summary(String name, double ratio, List<Long> latencies, SimNetwork net) {
    Collections.sort(latencies);
    return String.format(
        Locale.ROOT,
        "%s: delivery %.4f%%, latency p50 %d ms, p99 %d ms, max %d ms, %d RPCs, %d message copies",
        name,
        100 * ratio,
        percentile(latencies, 0.5),
        percentile(latencies, 0.99),
        latencies.get(latencies.size() - 1),
        net.rpcs,
        net.messageCopies);
  }

  @Test
  void deliversToAllWithBoundedMeshesBackoffAndPx() {
    SimNetwork net = network(20261121L);

    assertMeshesWithinBounds(net);

    List<Published> phase1 = publish(net, "m", 100, 100, net.nodes);
    net.run(Duration.ofSeconds(5));
    List<Long> latencies = new ArrayList<>();
    double ratio = deliveryRatio(phase1, net.nodes, latencies);
    System.out.println(summary("steady state", ratio, latencies, net));
    assertThat(ratio).isGreaterThanOrEqualTo(0.999);
    // flood publishing plus D-regular forwarding: far fewer copies than flooding every link
    assertThat(net.messageCopies).isLessThan(100L * NODES * 8);

    // churn: 10 nodes leave the topic and rejoin 2 s later (unsubscribe backoff is 10 s)
    List<Node> churners = new ArrayList<>(net.nodes.subList(0, 10));
    int pxBefore = net.nodes.stream().mapToInt(n -> n.pxCandidates.size()).sum();
    leaveAll(net, churners);
    net.run(Duration.ofSeconds(2));
    for (Node n : churners) {
      n.subscribe(TOPIC);
    }
    net.run(Duration.ofSeconds(15));
    System.out.printf(
        "churn: %d PRUNEs and %d GRAFTs on the wire, %d GRAFTs during backoff%n",
        net.prunesSent, net.graftsSent, net.backoffViolations);
    assertThat(net.prunesSent).as("the backoff watch saw PRUNEs").isGreaterThanOrEqualTo(10);
    assertThat(net.backoffViolations).as("GRAFTs during backoff").isZero();
    int pxAfter = net.nodes.stream().mapToInt(n -> n.pxCandidates.size()).sum();
    assertThat(pxAfter).as("PX candidates surfaced on unsubscribe prunes").isGreaterThan(pxBefore);
    for (Node n : net.nodes) {
      for (PeerExchangeListener.Candidate c : n.pxCandidates) {
        assertThat(c.peer()).isNotEqualTo(n.id);
      }
    }

    List<Published> phase2 = publish(net, "after-churn-", 50, 100, net.nodes);
    net.run(Duration.ofSeconds(5));
    List<Long> latencies2 = new ArrayList<>();
    double ratio2 = deliveryRatio(phase2, net.nodes, latencies2);
    System.out.println(summary("after churn", ratio2, latencies2, net));
    assertThat(ratio2).isGreaterThanOrEqualTo(0.999);
    assertMeshesWithinBounds(net);
    assertThat(net.disconnects).isEmpty();
  }

  private static void assertMeshesWithinBounds(SimNetwork net) {
    for (Node n : net.nodes) {
      assertThat(n.router.meshPeers(TOPIC).size())
          .as("mesh of node %d (degree %d)", n.index, n.links.size())
          .isBetween(GossipParams.DEFAULT_D_LO, GossipParams.DEFAULT_D_HI);
    }
  }

  /** Drops every subscription of {@code nodes} to {@link #TOPIC}: the topic is left. */
  private static void leaveAll(SimNetwork net, List<Node> nodes) {
    for (Node n : nodes) {
      n.handles.forEach(PubSub.Subscription::cancel);
      n.handles.clear();
    }
    net.run(Duration.ofMillis(1));
  }

  @Test
  void maliciousPublisherIsGraylistedAndDisconnectedWhileHonestDeliveryContinues() {
    SimNetwork net = network(77L);
    Node evil = net.nodes.get(NODES - 1);
    List<Node> honest = new ArrayList<>(net.nodes.subList(0, NODES - 1));
    int evilDegree = evil.links.size();
    assertThat(evilDegree).isGreaterThanOrEqualTo(4);

    List<Published> good = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      // 5 invalid messages a second from the attacker, 5 valid ones from honest nodes
      evil.router.publish(TOPIC, ("bad-" + round).getBytes());
      good.addAll(publish(net, "good-" + round + "-", 1, 200, honest));
    }
    net.run(Duration.ofSeconds(5));

    assertThat(evil.links).as("every honest neighbour dropped the attacker").isEmpty();
    assertThat(net.disconnects).hasSize(evilDegree).allMatch(d -> d.endsWith("->" + evil.index));
    for (Node n : honest) {
      assertThat(n.received.keySet()).noneMatch(k -> k.startsWith("bad"));
    }
    List<Long> latencies = new ArrayList<>();
    double ratio = deliveryRatio(good, honest, latencies);
    System.out.println(summary("under attack", ratio, latencies, net));
    assertThat(ratio).isGreaterThanOrEqualTo(0.999);
  }

  @Test
  void sameSeedSameRun() {
    long[] copies = new long[2];
    for (int run = 0; run < 2; run++) {
      SimNetwork net = new SimNetwork(5, 10, 80);
      for (int i = 0; i < 12; i++) {
        net.add(GossipParams.DEFAULT, SCORE);
      }
      net.randomGraph(3);
      net.nodes.forEach(n -> n.subscribe(TOPIC));
      net.startAll();
      net.run(Duration.ofSeconds(3));
      publish(net, "x", 20, 50, net.nodes);
      net.run(Duration.ofSeconds(3));
      copies[run] = net.rpcs * 1_000_003L + net.messageCopies;
    }
    assertThat(copies[0]).isEqualTo(copies[1]);
  }
}
