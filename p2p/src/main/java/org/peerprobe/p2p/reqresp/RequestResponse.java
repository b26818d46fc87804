package org.peerprobe.p2p.reqresp;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.host.Connection;
import org.peerprobe.p2p.host.Host;

/**
 * One request-response protocol on a {@link Host}: {@link #serve} answers peers' requests, {@link
 * #request} asks a connected peer. Each exchange runs on its own stream: the requester writes one
 * uvarint-length-prefixed request and half-closes; the responder writes up to {@link
 * ReqRespLimits#maxResponseFrames} length-prefixed frames and half-closes. A peer that breaks the
 * protocol (garbage, an oversized frame, too many frames) loses its connections, as for a garbage
 * gossipsub RPC. Thread-safe.
 */
public final class RequestResponse {
  private static final InternalLogger LOG =
      InternalLoggerFactory.getInstance(RequestResponse.class);

  private final Host host;
  private final String protocolId;
  private final ReqRespLimits limits;

  public RequestResponse(Host host, String protocolId, ReqRespLimits limits) {
    this.host = host;
    this.protocolId = protocolId;
    this.limits = limits;
  }

  public String protocolId() {
    return protocolId;
  }

  public ReqRespLimits limits() {
    return limits;
  }

  /** Serves the protocol on inbound streams with {@code service}. */
  public void serve(Responder.Service service) {
    host.setProtocolHandler(protocolId, new Responder(limits, service, this::disconnect));
  }

  /**
   * Sends {@code request} to the connected {@code peer}.
   *
   * @return the response frames' bodies; fails with {@link org.peerprobe.p2p.core.BadPeerException}
   *     when the peer broke the protocol (the caller decides whether to {@link #disconnect} it),
   *     {@link java.util.concurrent.TimeoutException} after the timeout, {@link
   *     org.peerprobe.p2p.core.P2PException} when the stream was reset (e.g. the peer's rate limit)
   *     and {@link org.peerprobe.p2p.mss.NoCommonProtocolException} when it does not serve the
   *     protocol
   */
  public CompletableFuture<List<byte[]>> request(PeerId peer, byte[] request) {
    if (request.length > limits.maxRequestBytes()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "request of " + request.length + " bytes, limit " + limits.maxRequestBytes()));
    }
    return host.newStream(peer, List.of(protocolId))
        .thenCompose(s -> Requester.request(s, request, limits));
  }

  /** Closes every connection to {@code peer}: the penalty for breaking a protocol. Any thread. */
  public void disconnect(PeerId peer, String reason) {
    LOG.info("disconnecting {}: {}", peer, reason);
    for (Connection c : host.connections()) {
      if (c.remotePeer().equals(peer)) {
        c.close(protocolId + ": " + reason);
      }
    }
  }
}
