package org.peerprobe.node.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.ApplyOutcome;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.p2p.testing.VirtualScheduler;

/**
 * The receipt rules in virtual time: one receipt once every provider answered, one per change of
 * outcome class, none for a change that undoes itself, at most one per spacing for a flapping
 * provider, and a newer decision starts over.
 */
class ReceiptIssuerTest {
  static final Duration SPACING = Duration.ofSeconds(60);
  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final List<SignedApplyReceipt> receipts = new ArrayList<>();
  private final ReceiptIssuer issuer =
      new ReceiptIssuer(
          TestNetwork.NETWORK_ID,
          List.of("zonefile", "desec"),
          TestKeys.signer(),
          scheduler,
          SPACING,
          receipts::add);

  static RouterTarget target(long seq) {
    return new RouterTarget(
        "web-router",
        "web-router.example.test.",
        "cdn2-front.example.test.",
        60,
        new Fence(seq, String.format("%064x", seq)));
  }

  private void answer(long seq, ProviderOutcome o) {
    issuer.accept(new Reconciler.Applied(target(seq), o, 0));
  }

  static ProviderOutcome applied(String p) {
    return new ProviderOutcome.Applied(p, Duration.ofMillis(5));
  }

  static ProviderOutcome failed(String p, String why) {
    return new ProviderOutcome.Failed(p, why, true, Optional.empty());
  }

  private List<ApplyOutcome> outcomes(SignedApplyReceipt r) {
    return r.receipt().providers().stream().map(ProviderResult::outcome).toList();
  }

  @Test
  void theFirstReceiptWaitsForEveryProviderAndSaysWhatEachDid() {
    answer(1, applied("zonefile"));
    assertThat(receipts).isEmpty();
    answer(1, failed("desec", "HTTP 500 from deSEC:\n{\"detail\":\"boom\"}"));

    assertThat(receipts).hasSize(1);
    SignedApplyReceipt r = receipts.get(0);
    assertThat(r.signatureValid()).isTrue();
    assertThat(r.receipt().seq()).isEqualTo(1);
    assertThat(r.receipt().decision()).isEqualTo(String.format("%064x", 1));
    assertThat(r.receipt().target()).isEqualTo("cdn2-front.example.test.");
    assertThat(r.receipt().providers())
        .extracting(ProviderResult::provider)
        .containsExactly("desec", "zonefile");
    assertThat(outcomes(r)).containsExactly(ApplyOutcome.FAILED, ApplyOutcome.APPLIED);
    assertThat(r.receipt().providers().get(0).detail())
        .contains("HTTP 500 from deSEC:?{\"detail\":\"boom\"}");
  }

  @Test
  void aRecoveryIsANewReceiptAndRepeatsAreNot() {
    answer(1, applied("zonefile"));
    answer(1, failed("desec", "HTTP 500"));
    scheduler.advance(SPACING.multipliedBy(2));
    answer(1, failed("desec", "timed out")); // same class, other text: no receipt
    answer(1, new ProviderOutcome.AlreadyThere("zonefile")); // a drift check: still APPLIED
    assertThat(receipts).hasSize(1);

    answer(1, applied("desec"));
    assertThat(receipts).hasSize(2);
    assertThat(outcomes(receipts.get(1)))
        .containsExactly(ApplyOutcome.APPLIED, ApplyOutcome.APPLIED);
    assertThat(receipts.get(1).receipt().converged()).isTrue();
    assertThat(receipts.get(1).receipt().issuedAtMs())
        .isGreaterThan(receipts.get(0).receipt().issuedAtMs());
  }

  @Test
  void aFlappingProviderCostsAtMostOneReceiptPerSpacing() {
    answer(1, applied("zonefile"));
    answer(1, applied("desec"));
    assertThat(receipts).hasSize(1);
    for (int i = 0; i < 50; i++) {
      scheduler.advance(Duration.ofSeconds(5));
      answer(1, i % 2 == 0 ? failed("desec", "HTTP 503") : applied("desec"));
    }
    scheduler.advance(SPACING);
    // 250 s of flapping: one receipt per 60 s at most, each saying something new
    assertThat(receipts).hasSizeBetween(2, 1 + 250 / 60 + 1);
    for (int i = 1; i < receipts.size(); i++) {
      long gap =
          receipts.get(i).receipt().issuedAtMs() - receipts.get(i - 1).receipt().issuedAtMs();
      assertThat(gap).isGreaterThanOrEqualTo(SPACING.toMillis());
      assertThat(outcomes(receipts.get(i))).isNotEqualTo(outcomes(receipts.get(i - 1)));
    }
  }

  @Test
  void aChangeThatUndoesItselfWithinTheSpacingIsNotReceipted() {
    answer(1, applied("zonefile"));
    answer(1, applied("desec"));
    answer(1, failed("desec", "HTTP 503"));
    answer(1, applied("desec"));
    scheduler.advance(SPACING.multipliedBy(3));
    assertThat(receipts).hasSize(1);
  }

  @Test
  void afterARestartTheStoredReceiptStandsUntilSomethingChanges() {
    answer(1, applied("zonefile"));
    answer(1, applied("desec"));
    SignedApplyReceipt stored = receipts.get(0);
    ReceiptIssuer restarted =
        new ReceiptIssuer(
            TestNetwork.NETWORK_ID,
            List.of("zonefile", "desec"),
            TestKeys.signer(),
            scheduler,
            SPACING,
            receipts::add);
    restarted.resume(stored);
    scheduler.runPending();
    restarted.accept(
        new Reconciler.Applied(target(1), new ProviderOutcome.AlreadyThere("desec"), 0));
    restarted.accept(
        new Reconciler.Applied(target(1), new ProviderOutcome.AlreadyThere("zonefile"), 0));
    scheduler.advance(SPACING.multipliedBy(2));
    assertThat(receipts).containsExactly(stored);

    restarted.accept(new Reconciler.Applied(target(1), failed("desec", "HTTP 502"), 0));
    assertThat(receipts).hasSize(2);
    assertThat(outcomes(receipts.get(1)))
        .containsExactly(ApplyOutcome.FAILED, ApplyOutcome.APPLIED);
  }

  @Test
  void aNewerDecisionStartsOverAndAnOlderOneIsIgnored() {
    answer(1, applied("zonefile"));
    answer(1, applied("desec"));
    scheduler.advance(SPACING);
    answer(2, applied("zonefile"));
    answer(1, failed("desec", "late answer for seq 1"));
    assertThat(receipts).hasSize(1);
    answer(2, new ProviderOutcome.Fenced("desec", 3));
    assertThat(receipts).hasSize(2);
    SignedApplyReceipt r = receipts.get(1);
    assertThat(r.receipt().seq()).isEqualTo(2);
    assertThat(outcomes(r)).containsExactly(ApplyOutcome.FENCED, ApplyOutcome.APPLIED);
    assertThat(r.receipt().providers().get(0).heldSeq()).hasValue(3);
  }
}
