package org.peerprobe.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.PeerIds;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.consensus.evidence.EvidenceResult;
import org.peerprobe.consensus.evidence.EvidenceVerifier;
import org.peerprobe.p2p.testing.Await;

/**
 * What the demo publishes can be checked by anyone: while a shortened demo fails over and back,
 * every decision and every certificate its first node's feed announces is fetched as an evidence
 * file and verifies offline against the demo operator's key, which the demo prints.
 */
class DemoEvidenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FETCH = Duration.ofSeconds(10);

  @Test
  void everyDecisionAndCertificateTheDemoAnnouncesVerifiesOffline() throws Exception {
    CompletableFuture<Void> checked = new CompletableFuture<>();
    PipedInputStream in = new PipedInputStream(1 << 16);
    PrintStream out = new PrintStream(new PipedOutputStream(in), true, StandardCharsets.UTF_8);
    Demo demo =
        new Demo(
                new DemoOptions(
                    5,
                    3,
                    Duration.ofSeconds(1),
                    0,
                    false,
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(9),
                    Duration.ofSeconds(16),
                    true,
                    11),
                out)
            .feedPort(0)
            .holdFeedsOpen(checked);
    Thread runner =
        new Thread(
            () -> {
              try {
                demo.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                out.close();
              }
            },
            "demo");
    runner.start();

    HttpClient http = HttpClient.newBuilder().connectTimeout(FETCH).build();
    String feed = null;
    JsonNode listen = null;
    Ed25519PublicKey operator = null;
    List<String> decisions = new ArrayList<>();
    List<String> certificates = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("{")) {
          continue;
        }
        JsonNode e = JSON.readTree(line);
        String kind = e.path("event").asText();
        if (kind.equals("end")) {
          checked.complete(null); // everything announced is checked: the demo may close its feeds
        } else if (kind.equals("feed")) {
          feed = e.get("url").asText();
          operator = PeerIds.parse(e.get("operator").asText());
          listen = listenOf(http, feed);
        } else if (kind.equals("decision") && feed != null) {
          String id = e.get("id").asText();
          decisions.add(id);
          check(http, feed + "v1/decisions/" + id + "/evidence", operator, id, failures);
        } else if (kind.equals("verdict") && e.has("certificate") && feed != null) {
          String id = e.get("certificate").asText();
          certificates.add(id);
          check(http, feed + "v1/certificates/" + id + "/evidence", operator, id, failures);
        }
      }
    }
    checked.complete(null);
    runner.join(FETCH.toMillis());
    assertThat(feed).as("the demo announced its feed").isNotNull();
    assertThat(listen).as("/v1/status listen").isNotEmpty();
    assertThat(listen.get(0).asText()).startsWith("/ip4/127.0.0.1/tcp/");
    assertThat(decisions).as("failover and failback").hasSize(2);
    assertThat(certificates).hasSizeGreaterThan(10);
    assertThat(failures).isEmpty();
  }

  private static JsonNode listenOf(HttpClient http, String feed) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(feed + "v1/status")).timeout(FETCH).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).path("listen");
  }

  private static void check(
      HttpClient http, String url, Ed25519PublicKey operator, String id, List<String> failures)
      throws Exception {
    // A decision is announced when made and stored a moment later: 404 until then (and a quick
    // retry may meet the feed's per-client rate limit, 429, which refills by itself).
    AtomicReference<HttpResponse<byte[]>> last = new AtomicReference<>();
    Await.until(
        FETCH,
        () -> {
          last.set(fetch(http, url));
          int status = last.get().statusCode();
          return status != 404 && status != 429;
        },
        url + " to answer other than 404 or 429");
    HttpResponse<byte[]> r = last.get();
    if (r.statusCode() != 200) {
      failures.add(url + " answered " + r.statusCode());
      return;
    }
    EvidenceResult result =
        EvidenceVerifier.verify(
            EvidenceFile.decode(r.body()).orElseThrow(), operator, Optional.of(id));
    if (!(result instanceof EvidenceResult.Valid)) {
      failures.add(url + ": " + result);
    }
  }

  private static HttpResponse<byte[]> fetch(HttpClient http, String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(FETCH).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
