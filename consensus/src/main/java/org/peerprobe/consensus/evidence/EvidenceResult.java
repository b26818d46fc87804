package org.peerprobe.consensus.evidence;

import org.peerprobe.consensus.validation.Rejection;

/** The outcome of {@link EvidenceVerifier#verify}. */
public sealed interface EvidenceResult permits EvidenceResult.Valid, EvidenceResult.Invalid {

  /** One line for a human: {@code valid: …} or {@code invalid: …}. */
  String line();

  /**
   * Everything checked out.
   *
   * @param summary what was verified, e.g. {@code decision web-router seq 3 (…) signed by …}
   */
  record Valid(String summary) implements EvidenceResult {
    @Override
    public String line() {
      return "valid: " + summary;
    }
  }

  /**
   * The first check that failed.
   *
   * @param rejection the protocol's code for it
   * @param item the item that failed, e.g. {@code decisions[2] (seq 3)} or {@code bundles[0] (v1)}
   * @param detail what is wrong with it
   */
  record Invalid(Rejection rejection, String item, String detail) implements EvidenceResult {
    @Override
    public String line() {
      return "invalid: " + item + ": " + rejection + ": " + detail;
    }
  }
}
