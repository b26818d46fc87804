package org.peerprobe.node.feed;

/**
 * A request the feed refuses, with the HTTP status and the JSON {@code error} code it answers:
 * always the client's fault; the message names what was wrong and never holds internals.
 */
public final class FeedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  private FeedException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static FeedException badRequest(String message) {
    return new FeedException(400, "bad_request", message);
  }

  public static FeedException notFound(String message) {
    return new FeedException(404, "not_found", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
