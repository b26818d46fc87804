package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.testing.RecordingPubSub;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.MessageId;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.peerprobe.p2p.testing.VirtualScheduler;

/**
 * One node in virtual time on a recording pubsub: which rounds it reports after its event loop
 * stalled, and which late reports it ignores rather than rejects.
 */
class NodeServiceTimingTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);
  static final int FRONTS = TestNetwork.FRONTS.size();

  private final TestNetwork net = TestNetwork.of(4, 2);
  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final AtomicLong wallClockLead = new AtomicLong();
  private final RoundClock clock =
      new RoundClock(INTERVAL, () -> scheduler.nowMillis() + wallClockLead.get(), 0);

  /** The wall-clock round at each report publication. */
  private final List<Long> roundsAtPublish = new ArrayList<>();

  private final RecordingPubSub pubsub =
      new RecordingPubSub(
          (topic, data) -> {
            if (topic.equals(this.node.topics().reports())) {
              roundsAtPublish.add(this.clock.currentRound());
            }
          });
  private final AtomicInteger probes = new AtomicInteger();
  private NodeService node;

  @BeforeEach
  void startNode() {
    node = new NodeService(settings(), pubsub, prober(), scheduler, clock);
    node.start();
    scheduler.runPending();
  }

  private NodeSettings settings() {
    return new NodeSettings(
        net.key(0),
        net.roster(),
        TestNetwork.FRONTS,
        List.of(),
        INTERVAL,
        net.observer(0).network());
  }

  private FrontProber prober() {
    return (front, start) -> {
      probes.incrementAndGet();
      return CompletableFuture.completedFuture(TestNetwork.observation(front, Status.UP));
    };
  }

  @Test
  void aRestartedNodeNeverReportsAgainARoundItReportedBeforeItDied() {
    long r0 = clock.currentRound();
    assertThat(reportRounds(pubsub)).containsExactly(r0);
    node.stop();
    // The same node restarts in the middle of r0 and draws a later probe offset: without its
    // store's word it would sign a second, different report for r0 and equivocate.
    RecordingPubSub again = new RecordingPubSub();
    NodeService restarted =
        new NodeService(
            settings(),
            again,
            prober(),
            scheduler,
            new RoundClock(INTERVAL, scheduler::nowMillis, INTERVAL.toMillis() / 2));
    restarted.resumeAfterReportedRound(r0);
    restarted.start();
    scheduler.advance(INTERVAL.multipliedBy(2));
    assertThat(reportRounds(again)).doesNotContain(r0).contains(r0 + 1);
  }

  @Test
  void afterAStallTheNodeSkipsTheRoundsItMissedInsteadOfReportingThemLate() {
    long r0 = clock.currentRound(); // the node started at a round start and probed at once
    scheduler.advance(INTERVAL.multipliedBy(3));
    assertThat(reportRounds(pubsub)).containsExactly(r0, r0 + 1, r0 + 2, r0 + 3);

    // The event loop stalled (or the machine slept) for ten rounds: the timer of round r0+4 fires
    // when the wall clock is already in round r0+14.
    wallClockLead.set(INTERVAL.multipliedBy(10).toMillis());
    probes.set(0);
    pubsub.published.clear();
    roundsAtPublish.clear();
    scheduler.advance(INTERVAL.multipliedBy(3));

    assertThat(reportRounds(pubsub))
        .as("round r0+4 is over when probed: not published; r0+5..r0+13 are skipped")
        .containsExactly(r0 + 14, r0 + 15, r0 + 16);
    assertThat(probes).as("probed rounds r0+4, r0+14..r0+16").hasValue(4 * FRONTS);
    assertThat(reportRounds(pubsub).size()).isEqualTo(roundsAtPublish.size());
    for (int i = 0; i < reportRounds(pubsub).size(); i++) {
      assertThat(reportRounds(pubsub).get(i)).isEqualTo(roundsAtPublish.get(i));
    }
  }

  @Test
  void aLateReportIsIgnoredOnlyWhenItsRoundIsItsOnlyFault() {
    long current = clock.currentRound();

    assertThat(validate(net.report(1, current, Map.of(TestNetwork.PRIMARY, Status.UP))))
        .isEqualTo(ValidationResult.ACCEPT);
    assertThat(validate(net.report(1, current - 2, Map.of(TestNetwork.PRIMARY, Status.UP))))
        .as("a member's report two rounds late: relayed late, maybe, but honest")
        .isEqualTo(ValidationResult.IGNORE);
    assertThat(validate(net.report(1, current - 6, Map.of(TestNetwork.PRIMARY, Status.UP))))
        .isEqualTo(ValidationResult.REJECT);

    Ed25519KeyPair outsider = TestKeys.outsider(0);
    SignedReport fromOutsider =
        SignedReport.sign(
            org.peerprobe.consensus.model.RoundReport.of(
                net.networkId(),
                current - 2,
                outsider.publicKey(),
                TestNetwork.network(0),
                List.of(TestNetwork.observation(TestNetwork.PRIMARY, Status.DOWN))),
            outsider);
    assertThat(validate(fromOutsider))
        .as("a non-member's report is rejected, however late")
        .isEqualTo(ValidationResult.REJECT);
  }

  private ValidationResult validate(SignedReport report) {
    PeerId author = PeerId.fromEd25519(report.report().observer().bytes());
    ReceivedMessage m =
        new ReceivedMessage(
            node.topics().reports(),
            report.encode(),
            author,
            1,
            MessageId.of(report.contentId().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            author);
    CompletableFuture<ValidationResult> result =
        pubsub.validators.get(node.topics().reports()).validate(m).toCompletableFuture();
    scheduler.runPending();
    return result.join();
  }

  /** The rounds of the reports {@code p} saw published, in order. */
  private List<Long> reportRounds(RecordingPubSub p) {
    return p.published.getOrDefault(node.topics().reports(), List.of()).stream()
        .map(data -> SignedReport.decode(data).orElseThrow().report().round())
        .toList();
  }
}
