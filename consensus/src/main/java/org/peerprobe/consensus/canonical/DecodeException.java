package org.peerprobe.consensus.canonical;

/**
 * Untrusted input does not have the expected shape. The message names the field path (for example
 * {@code report.observations[2].front}) and what is wrong with it. The fault is the sender's.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DecodeException(String message) {
    super(message, null, false, false);
  }
}
