package org.peerprobe.node.dns.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's HTTP client: every request carries the provider's credential header, is bounded by
 * the provider's timeout (until the whole body has arrived), and reads at most {@link
 * #MAX_BODY_BYTES}. Failures come back as {@link ProviderException}s: transport failures and
 * timeouts as {@link ProviderException.Unavailable}, HTTP statuses through {@link #failure}. Every
 * text taken from a response passes {@link #redact} first, so a provider that echoes the credential
 * cannot put it into a message or a log line.
 *
 * <p>Thread-safe. Futures complete on this client's own {@link #IO_THREADS} daemon threads (or on
 * the JDK's timeout thread); nothing blocks.
 */
public final class ProviderHttp implements AutoCloseable {
  /** Largest response body read; a longer one fails the call before any parsing. */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Longest provider text (an error message) carried into an exception message. */
  public static final int MAX_DETAIL_CHARS = 400;

  /** Threads completing this client's futures. */
  public static final int IO_THREADS = 2;

  public static final String USER_AGENT = "peerprobe-dns/0.1.0";

  /** The JSON mapper the providers share (thread-safe once configured). */
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);

  private final String provider;
  private final Secret secret;
  private final String authHeader;
  private final String authPrefix;
  private final Duration timeout;
  private final Clock clock;
  private final ExecutorService executor;
  private final HttpClient client;
  private volatile boolean closed;

  /**
   * @param provider the provider's id, the prefix of every message
   * @param authHeader the header carrying the credential (e.g. {@code Authorization})
   * @param authPrefix the text before the credential in that header (e.g. {@code "Bearer "})
   * @param timeout longest any one request may take, body included
   */
  public ProviderHttp(
      String provider,
      Secret secret,
      String authHeader,
      String authPrefix,
      Duration timeout,
      Clock clock) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.provider = provider;
    this.secret = secret;
    this.authHeader = authHeader;
    this.authPrefix = authPrefix;
    this.timeout = timeout;
    this.clock = clock;
    this.executor =
        Executors.newFixedThreadPool(
            IO_THREADS, new DefaultThreadFactory("peerprobe-dns-" + provider, true));
    this.client =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public String provider() {
    return provider;
  }

  public Clock clock() {
    return clock;
  }

  /** A request to {@code uri} with the credential, the timeout and JSON accepted. */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT)
        .header(authHeader, authPrefix + secret.reveal());
  }

  /** {@code value} as a JSON request body. */
  public static HttpRequest.BodyPublisher json(Object value) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON", e);
    }
  }

  /** {@code body} as JSON to {@code uri} with {@code method} (e.g. PATCH). */
  public HttpRequest jsonRequest(String method, URI uri, Object body) {
    return request(uri)
        .header("Content-Type", "application/json")
        .method(method, json(body))
        .build();
  }

  /**
   * Checks the endpoint settings every provider config has.
   *
   * @throws IllegalArgumentException when {@code baseUrl} is not http(s) or {@code timeout} is not
   *     positive
   */
  public static void checkEndpoint(URI baseUrl, Duration timeout) {
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException("baseUrl must be http or https: " + baseUrl);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** Sends {@code request}; completes with any status, or fails with {@code Unavailable}. */
  public CompletableFuture<HttpReply> send(HttpRequest request) {
    String method = request.method();
    String path = request.uri().getRawPath();
    if (closed) {
      return CompletableFuture.failedFuture(
          new ProviderException.Unavailable(provider, "client is closed", null));
    }
    long start = System.nanoTime();
    var inFlight = client.sendAsync(request, BoundedBody.handler(MAX_BODY_BYTES));
    return inFlight
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (response, error) -> {
              long ms = (System.nanoTime() - start) / 1_000_000;
              if (error != null) {
                inFlight.cancel(true);
                ProviderException e = transportFailure(method, path, error);
                LOG.debug("{} {} {} failed after {} ms: {}", provider, method, path, ms, e);
                throw e;
              }
              LOG.debug(
                  "{} {} {} -> {} in {} ms", provider, method, path, response.statusCode(), ms);
              return new HttpReply(
                  method, path, response.statusCode(), response.headers(), response.body());
            });
  }

  /**
   * The reply's body as JSON; an unreadable body is the provider's failure ({@code Unavailable}).
   */
  public JsonNode parse(HttpReply reply) {
    try {
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new ProviderException.Unavailable(
          provider,
          reply.method() + " " + reply.path() + ": HTTP " + reply.status() + " with malformed JSON",
          null);
    }
  }

  /**
   * The exception for a reply that did not succeed: 401/403 {@code AuthFailed}, 429 {@code
   * RateLimited} (after {@code Retry-After}, else {@code defaultRetryAfter}), 5xx and other
   * unexpected statuses {@code Unavailable}, other 4xx {@code Rejected}.
   *
   * @param detail the provider's own explanation, taken from the body (redacted here)
   */
  public ProviderException failure(HttpReply reply, String detail, Duration defaultRetryAfter) {
    int s = reply.status();
    String what = reply.method() + " " + reply.path() + ": HTTP " + s + ": " + redact(detail);
    if (s == 401 || s == 403) {
      return new ProviderException.AuthFailed(provider, "credentials refused; " + what);
    }
    if (s == 429) {
      Duration wait =
          RetryAfter.parse(reply.headers().firstValue("retry-after"), clock.instant())
              .orElse(defaultRetryAfter);
      return new ProviderException.RateLimited(provider, wait);
    }
    if (s >= 400 && s < 500 && s != 408) {
      return new ProviderException.Rejected(provider, what);
    }
    return new ProviderException.Unavailable(provider, what, null);
  }

  /**
   * {@code text} without the credential, control characters or anything past {@link
   * #MAX_DETAIL_CHARS}.
   */
  public String redact(String text) {
    if (text == null) {
      return "";
    }
    String r = secret.redact(text).replaceAll("\\p{Cntrl}", " ").strip();
    return r.length() > MAX_DETAIL_CHARS ? r.substring(0, MAX_DETAIL_CHARS) + "..." : r;
  }

  private ProviderException transportFailure(String method, String path, Throwable error) {
    Throwable c = error;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof ProviderException p) {
      return p;
    }
    String what = method + " " + path + ": ";
    if (c instanceof TimeoutException || c instanceof HttpTimeoutException) {
      return new ProviderException.Unavailable(
          provider, what + "no complete answer within " + timeout.toMillis() + " ms", null);
    }
    if (c instanceof BoundedBody.TooLargeException) {
      return new ProviderException.Unavailable(provider, what + c.getMessage(), null);
    }
    if (c instanceof ConnectException) {
      return new ProviderException.Unavailable(provider, what + "cannot connect", c);
    }
    return new ProviderException.Unavailable(provider, what + redact(String.valueOf(c)), null);
  }

  /** Stops accepting calls and releases the threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }
}
