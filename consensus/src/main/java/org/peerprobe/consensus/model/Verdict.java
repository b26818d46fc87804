package org.peerprobe.consensus.model;

/** The outcome of tallying one (front, round). */
public enum Verdict {
  UP,
  DOWN,
  NO_QUORUM;

  /** The verdict a quorum agreeing on {@code status} produces. */
  public static Verdict of(Status status) {
    return status == Status.UP ? UP : DOWN;
  }

  /** The observation status that supports this verdict; undefined for NO_QUORUM. */
  public Status supportingStatus() {
    return switch (this) {
      case UP -> Status.UP;
      case DOWN -> Status.DOWN;
      case NO_QUORUM -> throw new IllegalStateException("NO_QUORUM has no supporting status");
    };
  }
}
