package org.peerprobe.consensus.failover;

import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.VerifiedCommand;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Operator commands for the failover tests, signed by the test operator and verified against the
 * roster of {@link Certificates#NET}. A command "at round r" is issued 100 ms into round r of a 1 s
 * round clock, plus {@code n} ms to tell apart several commands of one round.
 */
final class Commands {
  static final long ROUND_MS = 1_000;

  private Commands() {}

  static long at(long round, int n) {
    return round * ROUND_MS + 100 + n;
  }

  static VerifiedCommand failback(long round) {
    return verified(
        OperatorCommand.failback(TestNetwork.NETWORK_ID, TestDecisions.ROUTER, at(round, 0)));
  }

  static VerifiedCommand pin(String front, long round) {
    return verified(
        OperatorCommand.pin(TestNetwork.NETWORK_ID, TestDecisions.ROUTER, front, at(round, 1)));
  }

  static VerifiedCommand unpin(long round) {
    return verified(
        OperatorCommand.unpin(TestNetwork.NETWORK_ID, TestDecisions.ROUTER, at(round, 2)));
  }

  static SignedOperatorCommand signed(OperatorCommand c, Ed25519KeyPair key) {
    return SignedOperatorCommand.sign(c, key);
  }

  static VerifiedCommand verified(OperatorCommand c) {
    return signed(c, TestKeys.operator()).verify(Certificates.NET.roster()).orElseThrow();
  }

  /** {@code d} signed by the test network's first signer. */
  static SignedDecision signedDecision(Decision d) {
    return SignedDecision.sign(d, TestKeys.signer());
  }

  /** Feeds {@code c} at the round of its issuedAtMs. */
  static Step apply(FailoverState s, VerifiedCommand c) {
    return FailoverMachine.onCommand(s, c, c.command().issuedAtMs() / ROUND_MS);
  }
}
