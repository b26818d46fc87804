package org.peerprobe.node.dns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.dns.http.Futures.await;
import static org.peerprobe.node.dns.http.Futures.failure;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.Secret;

/** The shared plumbing against a bare server whose answers each test sets. */
class ProviderHttpTest {
  static final String TOKEN = "plumbing-token-31f9";

  HttpServer server;
  ProviderHttp http;
  volatile int status;
  volatile byte[] body;
  volatile boolean chunked;
  volatile String retryAfter;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            if (retryAfter != null) {
              ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            ex.sendResponseHeaders(status, chunked ? 0 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    http =
        new ProviderHttp(
            "test",
            Secret.of(TOKEN, "test"),
            "Authorization",
            "Bearer ",
            Duration.ofSeconds(5),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    http.close();
    server.stop(0);
  }

  HttpReply get(int status, String body) {
    this.status = status;
    this.body = body.getBytes(StandardCharsets.UTF_8);
    return await(
        http.send(
            http.request(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x"))
                .GET()
                .build()));
  }

  ProviderException failureFor(int status, String detail) {
    return http.failure(get(status, detail), detail, Duration.ofSeconds(7));
  }

  @Test
  void statusesMapToWhoseFaultItIs() {
    assertThat(failureFor(401, "no")).isInstanceOf(ProviderException.AuthFailed.class);
    assertThat(failureFor(403, "no")).isInstanceOf(ProviderException.AuthFailed.class);
    assertThat(failureFor(400, "bad ttl"))
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("bad ttl");
    assertThat(failureFor(422, "bad")).isInstanceOf(ProviderException.Rejected.class);
    assertThat(failureFor(404, "gone")).isInstanceOf(ProviderException.Rejected.class);
    assertThat(failureFor(500, "oops")).isInstanceOf(ProviderException.Unavailable.class);
    assertThat(failureFor(503, "later")).isInstanceOf(ProviderException.Unavailable.class);
    assertThat(failureFor(408, "slow")).isInstanceOf(ProviderException.Unavailable.class);
    assertThat(((ProviderException.RateLimited) failureFor(429, "")).retryAfter())
        .isEqualTo(Duration.ofSeconds(7));
    retryAfter = "12";
    assertThat(((ProviderException.RateLimited) failureFor(429, "")).retryAfter())
        .isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void anEchoedCredentialIsRedactedAndLongTextCut() {
    ProviderException e = failureFor(400, "token " + TOKEN + " is bad\n" + "x".repeat(1000));
    assertThat(e.getMessage()).doesNotContain(TOKEN).contains("token *** is bad");
    assertThat(e.getMessage().length()).isLessThan(ProviderHttp.MAX_DETAIL_CHARS + 200);
  }

  @Test
  void aBodyOverTheLimitFailsBeforeParsingWhetherDeclaredOrStreamed() {
    String big = "[" + " ".repeat(ProviderHttp.MAX_BODY_BYTES) + "]";
    Throwable declared = failure(sendAsync(200, big));
    assertThat(declared)
        .isInstanceOf(ProviderException.Unavailable.class)
        .hasMessageContaining("longer than " + ProviderHttp.MAX_BODY_BYTES);
    chunked = true;
    Throwable streamed = failure(sendAsync(200, big));
    assertThat(streamed)
        .isInstanceOf(ProviderException.Unavailable.class)
        .hasMessageContaining("longer than");
    assertThat(get(200, "[1]").text()).isEqualTo("[1]");
  }

  @Test
  void malformedJsonIsTheProvidersFailure() {
    HttpReply r = get(200, "{not json");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.parse(r))
        .isInstanceOf(ProviderException.Unavailable.class);
  }

  @Test
  void aClosedClientFailsFast() {
    http.close();
    assertThat(failure(sendAsync(200, "{}")))
        .isInstanceOf(ProviderException.Unavailable.class)
        .hasMessageContaining("closed");
  }

  private java.util.concurrent.CompletableFuture<HttpReply> sendAsync(int status, String body) {
    this.status = status;
    this.body = body.getBytes(StandardCharsets.UTF_8);
    return http.send(
        http.request(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x"))
            .GET()
            .build());
  }
}
