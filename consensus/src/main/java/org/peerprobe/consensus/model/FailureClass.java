package org.peerprobe.consensus.model;

/** Which phase of a probe failed, for a {@link Status#DOWN} observation. */
public enum FailureClass {
  /** The front's name did not resolve. */
  DNS,
  /** No TCP connection could be made. */
  CONNECT,
  /** The TLS handshake failed: certificate invalid, expired, wrong name, or protocol error. */
  TLS,
  /** A phase did not complete within its timeout. */
  TIMEOUT,
  /** The HTTP status was not in the expected set. */
  HTTP_STATUS,
  /** The body did not contain the expected substring. */
  BODY_MISMATCH
}
