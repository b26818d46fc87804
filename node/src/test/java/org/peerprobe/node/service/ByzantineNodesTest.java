package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Five honest nodes of a seven-member roster (weights 1, three networks, so f = 2) over the real
 * p2p stack, attacked by peers that publish crafted reports and certificates straight onto the
 * gossip topics: corrupt members (observers 5 and 6), outsiders, replayers, forgers and relays.
 * Whatever they do, no honest node certifies or switches anything its honest peers did not see,
 * honest nodes keep certifying, and what is invalid is rejected and costs its sender gossip score.
 */
class ByzantineNodesTest {
  static final int HONEST = 5;
  static final Duration INTERVAL = Duration.ofMillis(700);
  static final int ATTACK_ROUNDS = 3;
  static final Map<String, Status> ALL_DOWN = Map.of(PRIMARY, Status.DOWN, SECONDARY, Status.DOWN);
  private static final Pattern REJECTED_ROUND = Pattern.compile("round (\\d+) outside");

  private final TestNetwork net = TestNetwork.of(HONEST + 2, 3);
  private final AtomicBoolean primaryDown = new AtomicBoolean();
  private TestNodes nodes;

  /** What honest observer {@code i} sees of {@code front}. */
  @FunctionalInterface
  interface View {
    Status of(int observer, String front);
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  /** The honest nodes 0..4, probing as {@code view} says; adversaries are added after this. */
  private void honestNodes(View view) {
    RouterPolicy router =
        RouterPolicy.builder("web-router", PRIMARY, SECONDARY)
            .downRounds(2)
            .cooldownRounds(0)
            .build();
    nodes = new TestNodes(net, INTERVAL, router);
    for (int i = 0; i < HONEST; i++) {
      int observer = i;
      nodes.node(
          i,
          (front, start) ->
              CompletableFuture.completedFuture(
                  TestNetwork.observation(front, view.of(observer, front))));
    }
  }

  /** Both fronts UP, the primary DOWN once {@link #primaryDown} is set. */
  private void honestNodes() {
    honestNodes((i, front) -> front.equals(PRIMARY) && primaryDown.get() ? Status.DOWN : Status.UP);
  }

  @Test
  void liarsUpToFCanNeitherFakeAnOutageNorBlockARealOne() {
    honestNodes();
    List<Adversary> liars = List.of(Adversary.member(nodes, 5), Adversary.member(nodes, 6));
    startAndWarmUp();
    liars.forEach(this::lie);
    long last =
        attack(
            liars,
            () -> nodes.everyNode(n -> n.tallies(PRIMARY).stream().anyMatch(t -> down(t) == 2)));

    assertNoFalseVerdicts();
    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.certifiedSince(PRIMARY, Verdict.UP, last)).isTrue();
      assertThat(n.tallies(PRIMARY).stream().mapToLong(ByzantineNodesTest::down).max())
          .as("%s counted both liars, each once", n)
          .hasValue(2);
    }
    liars.forEach(l -> assertThat(l.publishFailures()).as("lies that reached nobody").isEmpty());

    // The primary really fails; the liars now claim it is UP and the secondary DOWN.
    primaryDown.set(true);
    liars.forEach(this::lie);
    nodes.await(
        () ->
            nodes.everyNode(
                n ->
                    !n.switches().isEmpty()
                        && n.tallies(PRIMARY).stream().anyMatch(t -> up(t) == 2 && down(t) >= 4)),
        "every node counts the liars' UP for the failed primary, and switches");
    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.switches()).hasSize(1);
      var d = n.switches().get(0).decision();
      assertThat(d.from() + ">" + d.to() + "#" + d.seq())
          .isEqualTo(PRIMARY + ">" + SECONDARY + "#1");
      assertThat(n.certified(SECONDARY, Verdict.DOWN)).isEmpty();
    }
    assertThat(nodes.allEvents()).noneMatch(e -> e instanceof NodeEvent.Rejected);
  }

  @Test
  void anEquivocatorsVoteIsWithdrawnNeverCountedTwice() {
    // Honest 1, 2 and 4 see the primary DOWN, 0 and 3 UP: no quorum either way. Observer 6 signs
    // two different DOWN reports per round. Counted once, DOWN has weight 4 of 7 (< 2/3); counted
    // twice it would have 5 of 7 over three networks, a DOWN certificate.
    Set<Integer> seeDown = Set.of(1, 2, 4);
    honestNodes(
        (i, front) -> front.equals(PRIMARY) && seeDown.contains(i) ? Status.DOWN : Status.UP);
    Adversary equivocator = Adversary.member(nodes, 6);
    startAndWarmUp();
    Map<String, Status> down = Map.of(PRIMARY, Status.DOWN, SECONDARY, Status.UP);
    equivocator.everyRound(
        r -> {
          equivocator.publish(
              equivocator.topics().reports(), equivocator.report(r, down, 0).encode());
          equivocator.publish(
              equivocator.topics().reports(), equivocator.report(r, down, 1).encode());
        });
    long last = attack(List.of(equivocator), () -> true);

    assertThat(equivocator.publishFailures()).isEmpty();
    String equivocatorId = equivocator.peerId().toString();
    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.certified(PRIMARY, Verdict.DOWN)).as("%s: DOWN certificate", n).isEmpty();
      assertThat(n.certified(PRIMARY, Verdict.UP)).as("%s: UP certificate", n).isEmpty();
      assertThat(n.tallies(PRIMARY).stream().mapToLong(ByzantineNodesTest::down).max().orElse(0))
          .as("%s: most DOWN weight ever counted: the equivocator's once, at most", n)
          .isLessThanOrEqualTo(4);
      for (long r : equivocator.actedRounds()) {
        List<SignedReport> pair =
            n.acceptedReports.stream()
                .filter(s -> s.report().round() == r)
                .filter(s -> s.report().observer().peerId().equals(equivocatorId))
                .toList();
        assertThat(pair).as("%s keeps both reports of round %d as evidence", n, r).hasSize(2);
        long honestDown =
            Stream.concat(n.ownReports.stream(), n.acceptedReports.stream())
                .map(SignedReport::report)
                .filter(x -> x.round() == r && !x.observer().peerId().equals(equivocatorId))
                .filter(x -> x.observationOf(PRIMARY).orElseThrow().status() == Status.DOWN)
                .count();
        List<NodeEvent.Tallied> ofRound =
            n.tallies(PRIMARY).stream().filter(t -> t.round() == r).toList();
        assertThat(down(ofRound.get(ofRound.size() - 1)))
            .as("%s's final DOWN weight of round %d: the honest DOWN reports only", n, r)
            .isEqualTo(honestDown);
      }
      assertThat(n.certifiedSince(SECONDARY, Verdict.UP, last)).isTrue();
    }
  }

  @Test
  void reportsFromOutsideTheRosterAreRejectedAndNeverCounted() {
    honestNodes();
    Adversary current = Adversary.outsider(nodes, TestKeys.outsider(0));
    Adversary late = Adversary.outsider(nodes, TestKeys.outsider(1));
    startAndWarmUp();
    current.everyRound(
        r -> current.publish(current.topics().reports(), current.report(r, ALL_DOWN, 0).encode()));
    // Two rounds back: a member's report this late would be ignored, an outsider's must not be.
    late.everyRound(
        r -> late.publish(late.topics().reports(), late.report(r - 2, ALL_DOWN, 0).encode()));
    attack(
        List.of(current, late),
        () ->
            nodes.everyNode(
                n -> rejects(n, current, "NOT_A_MEMBER") && rejects(n, late, "NOT_A_MEMBER")));

    assertNoFalseVerdicts();
    assertNothingCountedDown();
    assertPenalised(current, late);
  }

  @Test
  void reportsForLongPastOrFutureRoundsAreRejectedOrIgnoredAndNeverCounted() {
    honestNodes();
    Adversary replayer = Adversary.member(nodes, 5);
    startAndWarmUp();
    long[] offsets = {-10, -2, 5, 1000};
    replayer.everyRound(
        r -> {
          for (long off : offsets) {
            replayer.publish(
                replayer.topics().reports(), replayer.report(r + off, ALL_DOWN, 0).encode());
          }
        });
    attack(
        List.of(replayer),
        () -> nodes.everyNode(n -> rejected(n, nodes.topics().reports(), "WRONG_ROUND")));

    assertNoFalseVerdicts();
    assertNothingCountedDown();
    Set<Long> acted = replayer.actedRounds();
    long first = acted.stream().mapToLong(Long::longValue).min().orElseThrow();
    for (TestNodes.Node n : nodes.nodes()) {
      Set<Long> rejectedRounds =
          n.rejected(nodes.topics().reports()).stream()
              .map(e -> REJECTED_ROUND.matcher(e.reason()))
              .filter(Matcher::find)
              .map(m -> Long.parseLong(m.group(1)))
              .collect(Collectors.toSet());
      assertThat(rejectedRounds)
          .as("%s rejects the replayed, future and far-future rounds", n)
          .contains(first - 10, first + 5, first + 1000)
          .doesNotContainAnyElementsOf(acted.stream().map(r -> r - 2).toList());
    }
    assertPenalised(replayer);
  }

  @Test
  void forgedCertificatesAreRejectedAndSwitchNothing() {
    honestNodes();
    // One forger per forgery (each penalised for its own), keyed by the rejection it must meet.
    Map<String, Adversary> forgers = new LinkedHashMap<>();
    for (String code :
        List.of(
            "NOT_A_MEMBER", "QUORUM_NOT_MET", "BAD_SIGNATURE", "VERDICT_MISMATCH", "MALFORMED")) {
      forgers.put(code, Adversary.outsider(nodes, TestKeys.outsider(forgers.size())));
    }
    startAndWarmUp();
    Forgeries forge = new Forgeries(net);
    int enough = HONEST - 1; // honest reports of a round the forger must have received
    forging(forgers.get("NOT_A_MEMBER"), (a, r) -> Optional.of(forge.byOutsiders(PRIMARY, r)));
    forging(forgers.get("QUORUM_NOT_MET"), (a, r) -> Optional.of(forge.byTooFew(PRIMARY, r, 5, 6)));
    forging(
        forgers.get("BAD_SIGNATURE"),
        (a, r) -> forge.tampered(a.receivedReports(r), PRIMARY, r, enough));
    forging(
        forgers.get("VERDICT_MISMATCH"),
        (a, r) -> forge.mislabelled(a.receivedReports(r), PRIMARY, r, enough));
    String certs = nodes.topics().certificates();
    Adversary junk = forgers.get("MALFORMED");
    junk.everyRound(r -> junk.publish(certs, Forgeries.malformed()));
    attack(
        List.copyOf(forgers.values()),
        () ->
            nodes.everyNode(
                n -> forgers.keySet().stream().allMatch(code -> rejected(n, certs, code))));

    assertNoFalseVerdicts();
    assertPenalised(forgers.values().toArray(Adversary[]::new));
  }

  /** Every round, {@code forger} publishes the certificate {@code forge} makes for the last one. */
  private void forging(
      Adversary forger, BiFunction<Adversary, Long, Optional<QuorumCertificate>> forge) {
    forger.everyRound(
        r ->
            forge
                .apply(forger, r - 1)
                .ifPresent(c -> forger.publish(nodes.topics().certificates(), c.encode())));
  }

  @Test
  void aPeerRelayingAnotherObserversReportAsItsOwnIsRejected() {
    honestNodes();
    Adversary relay = Adversary.member(nodes, 5);
    AtomicBoolean relaying = new AtomicBoolean();
    relay.onReport(
        m -> {
          if (relaying.get()) {
            relay.publish(m.topic(), m.data());
          }
        });
    startAndWarmUp();
    relaying.set(true);
    relay.everyRound(r -> {}); // only to count rounds
    String by = "published by " + relay.peerId();
    attack(
        List.of(relay),
        () ->
            nodes.everyNode(
                n ->
                    n.rejected(nodes.topics().reports()).stream()
                        .anyMatch(e -> e.reason().endsWith(by))));
    relaying.set(false);

    assertNoFalseVerdicts();
    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.rejected(nodes.topics().reports()))
          .as("%s rejects the relayed reports, and only those", n)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.reason()).contains(" published by " + relay.peerId()));
    }
    assertPenalised(relay);
  }

  /**
   * Every round, {@code liar} reports the opposite of the truth, twice (the same signed report in
   * two gossip messages: still one vote): both fronts DOWN while they are UP; once the primary
   * failed, the primary UP and the secondary DOWN, to block the failover.
   */
  private void lie(Adversary liar) {
    liar.everyRound(
        r -> {
          Map<String, Status> lie =
              primaryDown.get() ? Map.of(PRIMARY, Status.UP, SECONDARY, Status.DOWN) : ALL_DOWN;
          byte[] report = liar.report(r, lie, 0).encode();
          liar.publish(liar.topics().reports(), report);
          liar.publish(liar.topics().reports(), report);
        });
  }

  // --- helpers -------------------------------------------------------------------------------

  private void startAndWarmUp() {
    nodes.connect();
    nodes.start();
    nodes.await(
        () -> nodes.everyNode(n -> !n.certified(SECONDARY, Verdict.UP).isEmpty()),
        "every node certifies the secondary UP");
  }

  /**
   * Lets the adversaries act for {@link #ATTACK_ROUNDS} rounds and until {@code done}, stops them,
   * and waits until every honest node certified the secondary UP in a later round: honest nodes
   * keep working. Returns the first round after the attack.
   */
  private long attack(List<Adversary> adversaries, BooleanSupplier done) {
    nodes.await(
        () ->
            adversaries.stream().allMatch(a -> a.actedRounds().size() >= ATTACK_ROUNDS)
                && done.getAsBoolean(),
        "the attack ran its rounds and had its effect");
    adversaries.forEach(Adversary::close);
    long after = adversaries.stream().mapToLong(Adversary::lastActedRound).max().orElseThrow() + 1;
    nodes.await(
        () -> nodes.everyNode(n -> n.certifiedSince(SECONDARY, Verdict.UP, after)),
        "honest nodes keep certifying after the attack");
    return after;
  }

  /** No honest node certified anything DOWN or switched: honest observers saw both fronts UP. */
  private void assertNoFalseVerdicts() {
    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.switches()).as("%s switched", n).isEmpty();
      assertThat(n.events(NodeEvent.Certified.class))
          .as("%s certified something DOWN", n)
          .isNotEmpty()
          .allMatch(c -> c.verdict() == Verdict.UP);
    }
  }

  private void assertNothingCountedDown() {
    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.events(NodeEvent.Tallied.class))
          .as("%s counted a DOWN vote", n)
          .allMatch(t -> down(t) == 0);
    }
  }

  /** Every honest node scored each adversary below zero or cut it off. */
  private void assertPenalised(Adversary... adversaries) {
    for (TestNodes.Node n : nodes.nodes()) {
      for (Adversary a : adversaries) {
        assertThat(n.score(a.peerId()) < 0 || !n.connectedTo(a.peerId()))
            .as("%s penalised %s", n, a.peerId())
            .isTrue();
      }
    }
  }

  private static boolean rejects(TestNodes.Node n, Adversary a, String code) {
    return n.events(NodeEvent.Rejected.class).stream()
        .anyMatch(e -> e.reason().startsWith(code) && e.reason().contains(a.peerId().toString()));
  }

  private static boolean rejected(TestNodes.Node n, String topic, String code) {
    return n.rejected(topic).stream().anyMatch(e -> e.reason().startsWith(code));
  }

  /** The raw UP weight of a tally. */
  static long up(NodeEvent.Tallied t) {
    return t.upByNetwork().values().stream().mapToLong(Long::longValue).sum();
  }

  /** The raw DOWN weight of a tally. */
  static long down(NodeEvent.Tallied t) {
    return t.downByNetwork().values().stream().mapToLong(Long::longValue).sum();
  }
}
