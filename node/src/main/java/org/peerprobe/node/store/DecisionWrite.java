package org.peerprobe.node.store;

import org.peerprobe.consensus.model.SignedDecision;

/**
 * What {@link Store#saveDecision} did. Only {@link Stored} and {@link AlreadyStored} mean the
 * decision is durable in the store; the others leave the store unchanged.
 */
public sealed interface DecisionWrite {

  /** The decision is the router's new head, durable (fsynced) before this result was returned. */
  record Stored(long position) implements DecisionWrite {}

  /**
   * A decision with the same id is already held at this (router, seq), possibly with another
   * signer's signature (the id does not cover the signature). Nothing changed.
   */
  record AlreadyStored(long position) implements DecisionWrite {}

  /** Another decision is held at this (router, seq): a fork. Nothing changed. */
  record Conflict(SignedDecision held) implements DecisionWrite {}

  /**
   * The decision does not extend the stored head: its seq is not head + 1, or its {@code prev} is
   * not the head's id. Nothing changed.
   *
   * @param headSeq the router's stored head seq, 0 when it has none
   * @param detail what does not fit
   */
  record NotNext(long headSeq, String detail) implements DecisionWrite {}
}
