package org.peerprobe.node.probe;

/**
 * The consecutive phases of one probe attempt, in order. Used to say which phase failed or timed
 * out (in logs and in {@link AttemptResult}); the observation itself carries only the {@link
 * org.peerprobe.consensus.model.FailureClass}.
 */
public enum Phase {
  /** Resolving the front's hostname to an address we may connect to. */
  DNS,
  /** Opening the TCP connection. */
  CONNECT,
  /** The TLS handshake, including certificate and hostname checks (https only). */
  TLS,
  /** From sending the request to the first byte of the response. */
  FIRST_BYTE,
  /** Reading the status line, headers and (when a substring is expected) the body. */
  RESPONSE,
  /** The whole attempt: its overall deadline passed. */
  TOTAL
}
