package org.peerprobe.consensus.model;

/** What applying a decision to one DNS provider came to, as an {@link ApplyReceipt} reports it. */
public enum ApplyOutcome {
  /** The signer wrote the router record and its fence, and read the record back. */
  APPLIED,
  /** The provider already held this decision's target and fence; nothing was written. */
  ALREADY_THERE,
  /**
   * The provider holds a newer decision's fence (a higher seq); nothing was written, by design: an
   * older decision never overwrites a newer one.
   */
  FENCED,
  /** The write failed or did not read back; the signer keeps retrying. */
  FAILED
}
