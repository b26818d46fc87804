package org.peerprobe.p2p.mss;

/**
 * User event fired down the pipeline by {@link MultistreamHandler} just before it closes the
 * channel because the negotiation failed.
 *
 * @param cause {@link org.peerprobe.p2p.core.BadPeerException} (peer misbehaved, incl. {@link
 *     org.peerprobe.p2p.core.LimitExceededException}), {@link NoCommonProtocolException}, {@link
 *     java.util.concurrent.TimeoutException} (no answer within {@link
 *     MultistreamHandler#NEGOTIATION_TIMEOUT}) or {@link java.nio.channels.ClosedChannelException}
 *     (the connection closed first)
 */
public record NegotiationFailed(Throwable cause) {}
