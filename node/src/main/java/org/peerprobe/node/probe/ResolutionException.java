package org.peerprobe.node.probe;

/**
 * A front's hostname did not resolve. The fault lies with the front's DNS (or the path to the
 * resolver), not with this node's code: the probe records a DNS (or, for {@link Reason#TIMEOUT}, a
 * TIMEOUT) failure.
 */
public class ResolutionException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why resolution failed. */
  public enum Reason {
    /** The name does not exist (NXDOMAIN; for the system resolver, any unknown host). */
    NO_SUCH_NAME,
    /** The name exists but has no A or AAAA records. */
    NO_ADDRESS,
    /** No answer in time. */
    TIMEOUT,
    /** Any other failure: SERVFAIL, refused, malformed answer, I/O error. */
    FAILED
  }

  private final Reason reason;

  public ResolutionException(String hostname, Reason reason, String detail, Throwable cause) {
    super(hostname + ": " + reason + (detail == null ? "" : " (" + detail + ")"), cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
