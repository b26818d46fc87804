package org.peerprobe.node.sync;

import java.time.Duration;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.p2p.reqresp.ReqRespLimits;

/**
 * The decision-log sync protocol ({@value #PROTOCOL_ID}) and its limits; see {@code
 * docs/protocol.md}. A request ({@link SyncRequest}) asks for a router's stored decisions after a
 * seq; the answer is one frame per signed decision (its canonical encoding), by seq, contiguous
 * from {@code afterSeq + 1}, at most the request's limit.
 */
public final class SyncProtocol {
  public static final String PROTOCOL_ID = "/peerprobe/decisions/1.0.0";

  /** Most decisions one answer carries (and the largest limit a request may ask for). */
  public static final int MAX_DECISIONS_PER_RESPONSE = 64;

  /** Largest request body: the request's four fields fit in far less. */
  public static final int MAX_REQUEST_BYTES = 512;

  /** Largest answer frame: one signed decision. A whole answer is at most 64 × 16 KiB = 1 MiB. */
  public static final int MAX_FRAME_BYTES = SignedDecision.MAX_ENCODED_BYTES;

  /** Longest one request may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Sustained requests a peer may make of a node; a node asks once per router and connection. */
  public static final double REQUESTS_PER_SECOND = 2;

  /** Burst of requests a peer may make (several routers at connection time, paging). */
  public static final int REQUEST_BURST = 32;

  /** The limits as the p2p layer enforces them. */
  public static final ReqRespLimits LIMITS =
      new ReqRespLimits(
          MAX_REQUEST_BYTES,
          MAX_DECISIONS_PER_RESPONSE,
          MAX_FRAME_BYTES,
          TIMEOUT,
          REQUESTS_PER_SECOND,
          REQUEST_BURST);

  private SyncProtocol() {}
}
