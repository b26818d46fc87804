package org.peerprobe.node.signer;

import java.time.Duration;
import java.util.Optional;

/** What applying a router target to one provider did. */
public sealed interface ProviderOutcome {
  String provider();

  /** True when the provider now holds the target (written now or already there). */
  default boolean converged() {
    return this instanceof Applied || this instanceof AlreadyThere;
  }

  /** Written and read back. */
  record Applied(String provider, Duration took) implements ProviderOutcome {}

  /** The provider already held this target under this seq; nothing written. */
  record AlreadyThere(String provider) implements ProviderOutcome {}

  /** The provider holds a newer decision (higher seq); nothing written, by design. */
  record Fenced(String provider, long heldSeq) implements ProviderOutcome {}

  /**
   * The write failed or did not read back. {@code retryable} says whether trying again may help;
   * {@code retryAfter} is the provider's own request (429), if it made one.
   */
  record Failed(String provider, String reason, boolean retryable, Optional<Duration> retryAfter)
      implements ProviderOutcome {}
}
