package org.peerprobe.consensus.validation;

/** Why untrusted input was refused. Every value is the sender's fault. */
public enum Rejection {
  /** Not the expected shape: unparseable, missing or unknown field, value out of range. */
  MALFORMED,
  /** Larger than the named limit for its kind. */
  TOO_LARGE,
  /** The signature does not verify under the claimed key. */
  BAD_SIGNATURE,
  /** Signed by a key that is not an observer of the roster. */
  NOT_A_MEMBER,
  /** Signed by a key that is not one of the roster's signers. */
  NOT_A_SIGNER,
  /** Signed by a key other than the trusted operator key. */
  NOT_THE_OPERATOR,
  /** Made for another network id. */
  WRONG_NETWORK,
  /** The observer's declared network differs from the roster's entry. */
  WRONG_OBSERVER_NETWORK,
  /** Made under another roster version. */
  WRONG_ROSTER_VERSION,
  /** A round outside the accepted window, or inconsistent with its container. */
  WRONG_ROUND,
  /** Does not cover the front it claims to. */
  WRONG_FRONT,
  /** The same observer appears twice. */
  DUPLICATE_OBSERVER,
  /** A report does not support the verdict it is cited for. */
  VERDICT_MISMATCH,
  /** The evidence does not satisfy the quorum policy. */
  QUORUM_NOT_MET,
  /** A decision that skips sequence numbers. */
  CHAIN_GAP,
  /** A decision that conflicts with one already in the chain. */
  CHAIN_FORK,
  /** The decision already held at that seq, sent again. */
  CHAIN_REPLAY,
  /** A decision inconsistent with the rules that produce decisions. */
  INCONSISTENT,
  /** A version that is not newer than the one already held. */
  STALE_VERSION,
  /** An operator command not issued after the last command the router took: a replay. */
  COMMAND_REPLAY,
  /** An operator command issued too long ago, or too far in the future, for the node's clock. */
  COMMAND_EXPIRED,
  /**
   * Evidence lacks an item it must hold: a certificate a decision cites, or the bundle of a roster
   * version a certificate names.
   */
  MISSING_EVIDENCE
}
