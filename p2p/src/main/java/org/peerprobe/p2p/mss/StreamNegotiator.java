package org.peerprobe.p2p.mss;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;

/**
 * Runs multistream-select on each muxed {@link Stream} (every yamux stream starts with it).
 *
 * <ul>
 *   <li>Outbound: {@link #select(Stream, List)} offers protocols and yields a {@link
 *       NegotiatedStream}; set the protocol's handler on that object (not on the raw stream) to
 *       receive the bytes that followed the negotiation.
 *   <li>Inbound: {@link #handle(Stream, Map)} answers the remote dialer and passes the {@link
 *       NegotiatedStream} to the {@link ProtocolHandler} registered for the agreed protocol; the
 *       handler's {@code onData} receives the leftover bytes first.
 * </ul>
 *
 * <p>On failure (peer fault, no common protocol, timeout after {@link #NEGOTIATION_TIMEOUT}, stream
 * closed or reset) the stream is reset and the returned future fails; futures complete on the
 * stream's event loop, so keep continuations non-blocking. Limits: those of {@link
 * MultistreamNegotiation}, and at most {@link #MAX_UNCLAIMED_BYTES} held for a negotiated stream
 * whose handler was not set yet (then it is reset). Methods may be called from any thread; the work
 * runs on the stream's scheduler.
 */
public final class StreamNegotiator {
  /** Longest a stream negotiation may take, as in js-libp2p. */
  public static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);

  /** Bytes held for a negotiated stream until its handler is set. */
  public static final int MAX_UNCLAIMED_BYTES = 1 << 20;

  private StreamNegotiator() {}

  /**
   * Dialer side: offers {@code protocols} in order of preference (js sends header and first
   * protocol in one write, and so do we).
   *
   * @return completes with the negotiated stream, or fails with {@link NoCommonProtocolException},
   *     a {@link org.peerprobe.p2p.core.BadPeerException}, a {@link
   *     java.util.concurrent.TimeoutException} or a {@link org.peerprobe.p2p.core.P2PException}
   *     when the stream was reset
   */
  public static CompletableFuture<NegotiatedStream> select(Stream stream, List<String> protocols) {
    MultistreamNegotiation engine = MultistreamNegotiation.dialer(protocols);
    CompletableFuture<NegotiatedStream> result = new CompletableFuture<>();
    NegotiatingHandler handler =
        new NegotiatingHandler(stream, engine, result::complete, result::completeExceptionally);
    onLoop(stream, () -> handler.start(NEGOTIATION_TIMEOUT));
    return result;
  }

  /**
   * Listener side: negotiates one of {@code handlers}' protocols (answering {@code na} to others
   * and {@code ls} with their ids, in map order) and calls that protocol's handler with the
   * negotiated stream.
   *
   * @return completes with the agreed protocol once its handler returned; fails as {@link #select}
   *     does, or with {@link InternalErrorException} when the handler threw (the stream is then
   *     reset)
   */
  public static CompletableFuture<String> handle(
      Stream stream, Map<String, ProtocolHandler> handlers) {
    Map<String, ProtocolHandler> copy = new LinkedHashMap<>(handlers);
    MultistreamNegotiation engine = MultistreamNegotiation.listener(copy.keySet());
    CompletableFuture<String> result = new CompletableFuture<>();
    NegotiatingHandler handler =
        new NegotiatingHandler(
            stream,
            engine,
            negotiated -> {
              String protocol = negotiated.protocol();
              try {
                copy.get(protocol).onStream(negotiated);
              } catch (RuntimeException e) {
                negotiated.reset();
                result.completeExceptionally(
                    new InternalErrorException("handler for " + protocol + " failed", e));
                return;
              }
              result.complete(protocol);
            },
            result::completeExceptionally);
    onLoop(stream, () -> handler.start(NEGOTIATION_TIMEOUT));
    return result;
  }

  private static void onLoop(Stream stream, Runnable task) {
    if (stream.scheduler().inThread()) {
      task.run();
    } else {
      stream.scheduler().execute(task);
    }
  }
}
