package org.peerprobe.p2p.ping;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;

/**
 * The libp2p ping protocol ({@value #PROTOCOL_ID}): the initiator sends {@value #PAYLOAD_BYTES}
 * random bytes and times their echo. Register {@link #responder()} for {@link #PROTOCOL_ID} to
 * answer; call {@link #ping(Stream)} on an outbound stream negotiated to it to measure.
 *
 * <p>One ping per stream: the initiator half-closes right after its payload, as js does, and the
 * responder half-closes after echoing. The spec allows at most one outbound ping stream per peer
 * and suggests accepting at most two inbound ones; enforcing that is the host's job. The random
 * source is injected (a {@link java.security.SecureRandom} in production; a seeded one in tests);
 * the RTT is measured on the stream's {@link org.peerprobe.p2p.core.Scheduler} clock.
 */
public final class Ping {
  /** The ping protocol id. */
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";

  /** Size of each ping payload. */
  public static final int PAYLOAD_BYTES = 32;

  /** Longest the initiator waits for the echo, as js. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Longest the responder waits for the next payload before it resets the stream (as go). */
  public static final Duration RESPONDER_IDLE_TIMEOUT = Duration.ofSeconds(10);

  private final Random random;

  public Ping(Random random) {
    this.random = random;
  }

  /**
   * Pings over {@code stream} (ours, negotiated to {@link #PROTOCOL_ID}).
   *
   * @return completes with the round-trip time on the stream's event loop; fails (and resets the
   *     stream) with {@link org.peerprobe.p2p.core.BadPeerException} for a wrong or short echo,
   *     {@link java.util.concurrent.TimeoutException} after {@link #TIMEOUT}, or {@link
   *     org.peerprobe.p2p.core.P2PException} when the stream was reset or the write failed
   */
  public CompletableFuture<Duration> ping(Stream stream) {
    byte[] payload = new byte[PAYLOAD_BYTES];
    random.nextBytes(payload);
    PingInitiator initiator = new PingInitiator(stream, payload);
    if (stream.scheduler().inThread()) {
      initiator.start();
    } else {
      stream.scheduler().execute(initiator::start);
    }
    return initiator.result();
  }

  /** The handler that answers pings; stateless, one for all streams. */
  public static ProtocolHandler responder() {
    return PingResponder.INSTANCE;
  }
}
