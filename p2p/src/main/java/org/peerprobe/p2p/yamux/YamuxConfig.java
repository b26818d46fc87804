package org.peerprobe.p2p.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link YamuxSession}. Build with {@link #builder()}; {@link #DEFAULT} holds the
 * {@code DEFAULT_*} values, which interoperate with js-libp2p ({@code @chainsafe/libp2p-yamux}).
 * Every value is validated on construction ({@link IllegalArgumentException} names the setting).
 *
 * @param initialWindow the receive window each stream starts with, in bytes; at least the spec's
 *     {@link #SPEC_INITIAL_WINDOW}, and any excess is granted with the SYN or ACK frame
 * @param maxWindow the largest receive window a stream grows to; also the largest Data frame
 *     accepted from the peer (checked on the header, before buffering the payload)
 * @param maxInboundStreams streams the peer may have open at once; further SYNs are refused with
 *     RST, and the connection stays up
 * @param maxOutboundStreams streams we may have open, or waiting to open, at once; beyond it {@link
 *     YamuxSession#openStream()} fails
 * @param ackBacklog streams we opened that the peer has not yet acknowledged; beyond it new streams
 *     wait (in {@link YamuxSession#openStream()}'s future) for an ACK
 * @param keepAliveInterval how often to send a Ping (SYN); {@link Duration#ZERO} disables
 * @param pingTimeout how long to wait for the Ping's ACK before closing the connection
 */
public record YamuxConfig(
    int initialWindow,
    int maxWindow,
    int maxInboundStreams,
    int maxOutboundStreams,
    int ackBacklog,
    Duration keepAliveInterval,
    Duration pingTimeout) {
  /** The window both sides assume for a new stream (yamux spec, "Flow Control"). */
  public static final int SPEC_INITIAL_WINDOW = 256 * 1024;

  public static final int DEFAULT_INITIAL_WINDOW = SPEC_INITIAL_WINDOW;

  /** As js-libp2p's {@code MAX_STREAM_WINDOW}. */
  public static final int DEFAULT_MAX_WINDOW = 16 * 1024 * 1024;

  public static final int DEFAULT_MAX_INBOUND_STREAMS = 256;
  public static final int DEFAULT_MAX_OUTBOUND_STREAMS = 1024;

  /** The spec's "SHOULD at most allow an ACK backlog of 256 streams". */
  public static final int DEFAULT_ACK_BACKLOG = 256;

  /** As js-libp2p's keep-alive interval. */
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);

  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);

  public static final YamuxConfig DEFAULT = builder().build();

  public YamuxConfig {
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    Objects.requireNonNull(pingTimeout, "pingTimeout");
    if (initialWindow < SPEC_INITIAL_WINDOW) {
      throw new IllegalArgumentException(
          "initialWindow must be >= " + SPEC_INITIAL_WINDOW + ": " + initialWindow);
    }
    if (maxWindow < initialWindow || maxWindow > YamuxFrameCodec.MAX_SUPPORTED_DATA_LENGTH) {
      throw new IllegalArgumentException(
          "maxWindow must be in [initialWindow, "
              + YamuxFrameCodec.MAX_SUPPORTED_DATA_LENGTH
              + "]: "
              + maxWindow);
    }
    if (maxInboundStreams < 0 || maxOutboundStreams < 0) {
      throw new IllegalArgumentException("stream limits must be >= 0");
    }
    if (ackBacklog < 1) {
      throw new IllegalArgumentException("ackBacklog must be >= 1: " + ackBacklog);
    }
    if (keepAliveInterval.isNegative() || pingTimeout.isNegative() || pingTimeout.isZero()) {
      throw new IllegalArgumentException("keepAliveInterval must be >= 0, pingTimeout > 0");
    }
  }

  public boolean keepAliveEnabled() {
    return !keepAliveInterval.isZero();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .initialWindow(initialWindow)
        .maxWindow(maxWindow)
        .maxInboundStreams(maxInboundStreams)
        .maxOutboundStreams(maxOutboundStreams)
        .ackBacklog(ackBacklog)
        .keepAliveInterval(keepAliveInterval)
        .pingTimeout(pingTimeout);
  }

  /** Builds a {@link YamuxConfig}, starting from the defaults. */
  public static final class Builder {
    private int initialWindow = DEFAULT_INITIAL_WINDOW;
    private int maxWindow = DEFAULT_MAX_WINDOW;
    private int maxInboundStreams = DEFAULT_MAX_INBOUND_STREAMS;
    private int maxOutboundStreams = DEFAULT_MAX_OUTBOUND_STREAMS;
    private int ackBacklog = DEFAULT_ACK_BACKLOG;
    private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
    private Duration pingTimeout = DEFAULT_PING_TIMEOUT;

    private Builder() {}

    public Builder initialWindow(int bytes) {
      this.initialWindow = bytes;
      return this;
    }

    public Builder maxWindow(int bytes) {
      this.maxWindow = bytes;
      return this;
    }

    public Builder maxInboundStreams(int count) {
      this.maxInboundStreams = count;
      return this;
    }

    public Builder maxOutboundStreams(int count) {
      this.maxOutboundStreams = count;
      return this;
    }

    public Builder ackBacklog(int count) {
      this.ackBacklog = count;
      return this;
    }

    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = interval;
      return this;
    }

    public Builder pingTimeout(Duration timeout) {
      this.pingTimeout = timeout;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the invalid setting
     */
    public YamuxConfig build() {
      return new YamuxConfig(
          initialWindow,
          maxWindow,
          maxInboundStreams,
          maxOutboundStreams,
          ackBacklog,
          keepAliveInterval,
          pingTimeout);
    }
  }
}
