package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What both emulators share: the loopback server, the request log, fault injection, an adjustable
 * clock (for rate-limit windows) and JSON. Subclasses answer in {@link #route}, under {@link #lock}
 * whenever they touch their zone.
 */
public abstract class EmulatorServer implements AutoCloseable {
  /** What the next requests get instead of an answer. */
  public enum Fault {
    /** HTTP 500 with the API's error body. */
    SERVER_ERROR,
    /** No answer at all until the emulator closes (or {@link #HANG_LIMIT}). */
    HANG,
    /** HTTP 429 with {@code Retry-After: }{@link #FAULT_RETRY_AFTER}. */
    RATE_LIMITED
  }

  /** One request as received (the credential header is not kept). */
  public record Request(String method, String path, String query, String body) {}

  /** An answer: a status, extra headers and a JSON body ({@code null} for none). */
  protected record Response(int status, Map<String, String> headers, JsonNode body) {
    static Response of(int status, JsonNode body) {
      return new Response(status, Map.of(), body);
    }
  }

  public static final Duration HANG_LIMIT = Duration.ofSeconds(60);
  public static final Duration FAULT_RETRY_AFTER = Duration.ofSeconds(42);
  public static final int MAX_REQUEST_BYTES = 1024 * 1024;
  public static final int THREADS = 8;

  protected static final ObjectMapper JSON = new ObjectMapper();
  protected final Object lock = new Object();

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
  private final Clock clock = Clock.systemUTC();

  protected EmulatorServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>} */
  public URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request received so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The next {@code n} requests get {@code fault} instead of an answer. */
  public void failNext(int n, Fault fault) {
    for (int i = 0; i < n; i++) {
      faults.add(fault);
    }
  }

  /** Drops the faults not yet used up. */
  public void clearFaults() {
    faults.clear();
  }

  /** Moves the emulator's clock (rate-limit windows) forward. */
  public void advance(Duration d) {
    offset.updateAndGet(o -> o.plus(d));
  }

  protected Instant now() {
    return clock.instant().plus(offset.get());
  }

  /** Answers one request; {@code authorization} is the header's value, or null. */
  protected abstract Response route(Request request, String authorization);

  /** The API's body for an injected 500. */
  protected abstract JsonNode serverErrorBody();

  /** The API's body for a 429 asking to wait {@code seconds}. */
  protected abstract JsonNode throttledBody(long seconds);

  /** A 429 in this API's form. */
  protected Response throttled(Duration wait) {
    long s = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new Response(429, Map.of("Retry-After", Long.toString(s)), throttledBody(s));
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = readBounded(ex.getRequestBody());
      if (body == null) {
        send(ex, new Response(413, Map.of(), null));
        return;
      }
      Request r =
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(),
              new String(body, StandardCharsets.UTF_8));
      requests.add(r);
      Fault fault = faults.poll();
      Response response;
      if (fault == Fault.HANG) {
        closing.await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } else if (fault == Fault.SERVER_ERROR) {
        response = Response.of(500, serverErrorBody());
      } else if (fault == Fault.RATE_LIMITED) {
        response = throttled(FAULT_RETRY_AFTER);
      } else {
        response = route(r, ex.getRequestHeaders().getFirst("Authorization"));
      }
      send(ex, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      send(ex, Response.of(500, serverErrorBody()));
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_REQUEST_BYTES + 1);
    return b.length > MAX_REQUEST_BYTES ? null : b;
  }

  private static void send(HttpExchange ex, Response r) throws IOException {
    r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (r.body() == null) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(r.body());
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(r.status(), bytes.length);
    ex.getResponseBody().write(bytes);
  }

  /** Releases hanging requests and stops the server. Idempotent. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
