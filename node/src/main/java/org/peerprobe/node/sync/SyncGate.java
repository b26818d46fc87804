package org.peerprobe.node.sync;

import java.time.Duration;
import java.util.function.Consumer;
import org.peerprobe.p2p.core.Scheduler;

/**
 * When a (re)started node may sign decisions: once its decision log is synced, so that it never
 * signs on a stale head a sibling of a decision the network already has. The node holds its signing
 * from start; the gate opens when the first sync round with connected peers is over (every peer
 * asked answered, failed or timed out, and a longer branch was adopted), or when the grace passed
 * without any peer to sync with, so a lone signer still works. After a lone opening, the next peer
 * that connects closes it again until that sync round is over. Once synced it stays open: later
 * repairs are the fork choice's business.
 *
 * <p>State confined to the node's scheduler; {@link ChainSync} reports the rounds.
 */
public final class SyncGate {
  private enum State {
    /** Closed: waiting for a sync round, or for the grace. */
    WAITING,
    /** Open, no peer was there to sync with: the next round closes it again. */
    ALONE,
    /** Open for good. */
    SYNCED
  }

  private final Scheduler scheduler;
  private final Duration grace;
  private final Consumer<String> hold;
  private final Consumer<String> open;
  private State state = State.WAITING;
  private boolean graceOver;
  private boolean syncing;

  /**
   * @param grace how long to wait for a peer to sync with before opening alone
   * @param hold closes the signing gate, with why (e.g. {@code NodeService::holdSigning})
   * @param open opens it, with why (e.g. {@code NodeService::openSigning})
   */
  public SyncGate(
      Scheduler scheduler, Duration grace, Consumer<String> hold, Consumer<String> open) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the sync grace cannot be negative: " + grace);
    }
    this.scheduler = scheduler;
    this.grace = grace;
    this.hold = hold;
    this.open = open;
  }

  /** Arms the grace. The node's signing is already held (see {@code NodeService#holdSigning}). */
  void start() {
    if (state != State.SYNCED) {
      scheduler.schedule(grace, this::graceElapsed);
    }
  }

  /** A sync round with newly connected peers began. */
  void roundStarted() {
    syncing = true;
    if (state == State.ALONE) {
      state = State.WAITING;
      hold.accept("a peer connected: syncing the decision log before signing");
    }
  }

  /**
   * The round is over: no sync runs any more, and every adopted branch is the routers' head.
   *
   * @param peersAsked how many peers were asked in it (0 when none could be)
   */
  void roundFinished(int peersAsked) {
    syncing = false;
    if (state == State.SYNCED) {
      return;
    }
    if (peersAsked > 0) {
      state = State.SYNCED;
      open.accept("synced the decision log with " + peersAsked + " peer(s)");
    } else if (graceOver && state == State.WAITING) {
      openAlone();
    }
  }

  /** True once a sync round opened the gate for good. */
  boolean synced() {
    return state == State.SYNCED;
  }

  private void graceElapsed() {
    graceOver = true;
    if (state == State.WAITING && !syncing) {
      openAlone();
    }
  }

  private void openAlone() {
    state = State.ALONE;
    open.accept(
        "no peer to sync the decision log with within "
            + grace.toMillis()
            + " ms: signing on the stored log");
  }
}
