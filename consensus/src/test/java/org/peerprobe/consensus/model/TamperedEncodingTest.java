package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.testing.Tamper;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Property (c), exhaustively on one small instance of each kind: for every byte position and each
 * of the masks {@link Tamper#masks(int)} gives it, the tampered encoding is refused — by the
 * decoder or by the verification that follows it. The untampered encoding is accepted, so a refusal
 * means something.
 */
class TamperedEncodingTest {
  /** Two observers on two networks: both together are a quorum. */
  private final TestNetwork net = TestNetwork.of(2, 2);

  private static void assertEverySingleByteChangeIsRefused(Acceptance a) {
    byte[] original = a.original();
    assertThat(a.accepts(original)).as("the genuine encoding is accepted").isTrue();
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < original.length; i++) {
      for (int mask : Tamper.masks(i)) {
        if (a.accepts(Tamper.flip(original, i, mask))) {
          accepted.add(describe(original, i, mask));
        }
      }
    }
    assertThat(accepted).as("tampered encodings that were accepted").isEmpty();
  }

  private static String describe(byte[] original, int i, int mask) {
    int from = Math.max(0, i - 20);
    int to = Math.min(original.length, i + 20);
    return "byte "
        + i
        + " ^ 0x"
        + Integer.toHexString(mask)
        + " in …"
        + new String(original, from, to - from, StandardCharsets.UTF_8)
        + "…";
  }

  @Test
  void aSignedReport() {
    SignedReport r = net.report(1, 42, Map.of(PRIMARY, Status.DOWN, SECONDARY, Status.UP));
    assertEverySingleByteChangeIsRefused(Acceptance.report(net, r));
  }

  @Test
  void aCertificate() {
    QuorumCertificate c = net.certificate(PRIMARY, 42, Verdict.DOWN);
    assertEverySingleByteChangeIsRefused(Acceptance.certificate(net, c));
  }

  @Test
  void aSignedRoster() {
    assertEverySingleByteChangeIsRefused(Acceptance.roster(net.signedRoster()));
  }

  @Test
  void theFirstSignedDecision() {
    assertEverySingleByteChangeIsRefused(
        Acceptance.lastDecision(net, TestDecisions.chain(1, TestKeys.signer())));
  }

  @Test
  void aLaterSignedDecision() {
    assertEverySingleByteChangeIsRefused(
        Acceptance.lastDecision(net, TestDecisions.chain(3, TestKeys.standbySigner())));
  }
}
