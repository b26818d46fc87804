package org.peerprobe.node.dns;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call failed. The subclass says whose fault it is and whether retrying helps. Messages
 * name the provider and the RRset and never hold a credential (bodies echoed by a provider are
 * passed through {@link Secret#redact}).
 */
public abstract sealed class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String provider;

  protected ProviderException(String provider, String message, Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = provider;
  }

  public String provider() {
    return provider;
  }

  /** True when the same call may succeed later without anyone changing the configuration. */
  public abstract boolean retryable();

  /** The credentials were refused (401/403, TSIG BADSIG/REFUSED). The configuration's fault. */
  public static final class AuthFailed extends ProviderException {
    private static final long serialVersionUID = 1L;

    public AuthFailed(String provider, String message) {
      super(provider, message, null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /**
   * The provider refused the content (TTL below its minimum, CNAME at the apex, bad name). The
   * configuration's fault, or ours; retrying the same write fails again.
   */
  public static final class Rejected extends ProviderException {
    private static final long serialVersionUID = 1L;

    public Rejected(String provider, String message) {
      super(provider, message, null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** Too many requests (429). Retry no sooner than {@link #retryAfter()}. */
  public static final class RateLimited extends ProviderException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public RateLimited(String provider, Duration retryAfter) {
      super(provider, "rate limited; retry after " + retryAfter.toSeconds() + " s", null);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The provider could not be reached or failed (5xx, SERVFAIL, timeout, connection refused). */
  public static final class Unavailable extends ProviderException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String provider, String message, Throwable cause) {
      super(provider, message, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** A {@link Precondition} did not hold; nothing was written. */
  public static final class PreconditionFailed extends ProviderException {
    private static final long serialVersionUID = 1L;
    private final transient Optional<RecordSet> actual;

    public PreconditionFailed(String provider, Precondition failed, Optional<RecordSet> actual) {
      super(
          provider,
          "precondition "
              + failed
              + " does not hold; found "
              + actual.map(String::valueOf).orElse("nothing"),
          null);
      this.actual = actual;
    }

    /** What the zone held instead, when the provider said. */
    public Optional<RecordSet> actual() {
      return actual;
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }
}
