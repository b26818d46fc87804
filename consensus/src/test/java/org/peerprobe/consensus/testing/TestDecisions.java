package org.peerprobe.consensus.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.SignedDecision;

/** Valid hash-chained decisions of one router, flipping between the test network's fronts. */
public final class TestDecisions {
  public static final String ROUTER = "web-router";

  private TestDecisions() {}

  /** A made-up certificate id. */
  public static String certificateId(String seed) {
    return Sha256.hex(seed.getBytes(StandardCharsets.UTF_8));
  }

  /** The decision after {@code head} (or the first one), at {@code round}. */
  public static Decision after(Decision head, long round) {
    String from = head == null ? TestNetwork.PRIMARY : head.to();
    String to = from.equals(TestNetwork.PRIMARY) ? TestNetwork.SECONDARY : TestNetwork.PRIMARY;
    long seq = head == null ? 1 : head.seq() + 1;
    return new Decision(
        TestNetwork.NETWORK_ID,
        ROUTER,
        from,
        to,
        round,
        seq,
        head == null ? Decision.GENESIS : head.id(),
        List.of(certificateId("down-" + seq), certificateId("up-" + seq)),
        to.equals(TestNetwork.PRIMARY) ? DecisionReason.FAILBACK : DecisionReason.FAILOVER);
  }

  /** {@code length} chained decisions at rounds 10, 20, …, signed by {@code signer}. */
  public static List<SignedDecision> chain(int length, Ed25519KeyPair signer) {
    List<SignedDecision> out = new ArrayList<>();
    Decision head = null;
    for (int i = 1; i <= length; i++) {
      head = after(head, 10L * i);
      out.add(SignedDecision.sign(head, signer));
    }
    return out;
  }
}
