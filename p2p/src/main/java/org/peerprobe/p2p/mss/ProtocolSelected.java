package org.peerprobe.p2p.mss;

/**
 * User event fired down the pipeline by {@link MultistreamHandler} when a protocol was agreed.
 * Install the protocol's handler synchronously while handling it, directly after (or in place of)
 * the multistream handler: the bytes that followed the negotiation are passed to that position as
 * {@code channelRead} right after this event.
 */
public record ProtocolSelected(String protocol) {}
