package org.peerprobe.p2p.reqresp;

import java.time.Duration;

/**
 * The bounds of one request-response protocol, each checked before the bytes it bounds are
 * buffered.
 *
 * @param maxRequestBytes largest request body (the length prefix not counted)
 * @param maxResponseFrames most frames one response may carry
 * @param maxResponseFrameBytes largest body of one response frame
 * @param timeout longest a request may take end to end (the requester gives up; the responder
 *     resets a stream whose request has not arrived by then)
 * @param requestsPerSecond sustained requests one peer may make of us; excess streams are reset
 * @param requestBurst token-bucket capacity of that rate
 */
public record ReqRespLimits(
    int maxRequestBytes,
    int maxResponseFrames,
    int maxResponseFrameBytes,
    Duration timeout,
    double requestsPerSecond,
    int requestBurst) {

  public ReqRespLimits {
    if (maxRequestBytes < 1 || maxResponseFrames < 1 || maxResponseFrameBytes < 1) {
      throw new IllegalArgumentException("request and response limits must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (requestsPerSecond <= 0 || requestBurst < 1) {
      throw new IllegalArgumentException("request rate limits must be positive");
    }
  }
}
