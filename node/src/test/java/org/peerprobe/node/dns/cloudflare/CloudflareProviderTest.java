package org.peerprobe.node.dns.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.dns.DnsProviderContract.ZONE;
import static org.peerprobe.node.dns.http.Futures.await;
import static org.peerprobe.node.dns.http.Futures.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.emulator.CloudflareEmulator;
import org.peerprobe.node.dns.emulator.EmulatorServer.Fault;
import org.peerprobe.node.dns.http.LogCapture;
import org.peerprobe.node.signer.Fence;

/** Cloudflare specifics, among them the single-observer toolkit's defects 4 and 5 (anchors.md). */
class CloudflareProviderTest {
  static final String TOKEN = CloudflareContractTest.TOKEN;
  static final ObjectMapper JSON = new ObjectMapper();
  static final RecordKey ROUTER = RecordKey.of("web-router." + ZONE, "CNAME");
  static final RecordSet ROUTER_CDN2 =
      RecordSet.of(ROUTER.name(), "CNAME", 60, "cdn2-front.example.test.");
  static final RecordKey POOL = RecordKey.of("pool." + ZONE, "A");
  static final RecordKey FENCE = Fence.keyFor(ROUTER.name());
  static final RecordSet FENCE_2 = RecordSet.of(FENCE.name(), "TXT", 60, "seq=2 decision=b");

  CloudflareEmulator cf;
  CloudflareProvider provider;

  @BeforeEach
  void start() {
    cf = new CloudflareEmulator(ZONE, TOKEN);
    DnsProviderContract.INITIAL_RECORDS.forEach(r -> cf.seed(r, false));
    provider = provider(TOKEN, Optional.of(CloudflareEmulator.ZONE_ID));
  }

  @AfterEach
  void stop() {
    provider.close();
    cf.close();
  }

  CloudflareProvider provider(String token, Optional<String> zoneId) {
    return CloudflareContractTest.provider(
        cf.address(), Secret.of(token, "test"), Duration.ofSeconds(5), zoneId);
  }

  @Test
  void aProxiedRouterBecomesDnsOnlyThroughPatchWithProxiedFalseNeverPut() throws Exception {
    cf.close();
    cf = new CloudflareEmulator(ZONE, TOKEN);
    cf.seed(RecordSet.of(ROUTER.name(), "CNAME", 60, "cf-front.example.test."), true);
    provider.close();
    provider = provider(TOKEN, Optional.of(CloudflareEmulator.ZONE_ID));

    await(provider.write(RecordWrite.of(ROUTER_CDN2)));

    assertThat(cf.proxied(ROUTER)).containsExactly(false);
    assertThat(cf.observe(ROUTER).orElseThrow().values())
        .containsExactly("cdn2-front.example.test.");
    JsonNode batch = JSON.readTree(cf.writeRequests().get(0).body());
    assertThat(cf.writeRequests()).hasSize(1);
    assertThat(batch.has("puts")).isFalse();
    assertThat(batch.path("patches"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path("proxied").isBoolean()).isTrue();
              assertThat(p.path("proxied").asBoolean()).isFalse();
              assertThat(p.path("ttl").asLong()).isEqualTo(60);
            });
  }

  @Test
  void theRouterAndItsFenceAreOneBatchRequestAndBothChange() throws Exception {
    await(provider.write(RecordWrite.of(ROUTER_CDN2, FENCE_2)));

    assertThat(cf.writeRequests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).endsWith("/dns_records/batch");
            });
    JsonNode batch = JSON.readTree(cf.writeRequests().get(0).body());
    assertThat(batch.path("patches")).hasSize(1);
    assertThat(batch.path("posts")).hasSize(1);
    assertThat(cf.observe(ROUTER).orElseThrow().values())
        .containsExactly("cdn2-front.example.test.");
    assertThat(cf.observe(FENCE)).contains(FENCE_2);
  }

  @Test
  void aBatchFailingInItsSecondOperationChangesNeitherRrset() {
    // a CNAME at the fence's name: the router's patch runs first, then the TXT's post fails
    RecordKey squatter = RecordKey.of(FENCE.name(), "CNAME");
    cf.seed(RecordSet.of(squatter.name(), "CNAME", 60, "elsewhere.example.test."), false);

    Throwable e = failure(provider.write(RecordWrite.of(ROUTER_CDN2, FENCE_2)));

    assertThat(e)
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("81053")
        .hasMessageContaining(ROUTER.toString())
        .hasMessageContaining(FENCE.toString());
    assertThat(cf.writeRequests()).hasSize(1);
    assertThat(cf.observe(ROUTER).orElseThrow().values()).containsExactly("cf-front.example.test.");
    assertThat(cf.observe(FENCE)).isEmpty();
    assertThat(cf.observe(squatter).orElseThrow().values())
        .containsExactly("elsewhere.example.test.");
  }

  @Test
  void aWriteAboveTheBatchLimitGoesAsSeveralBatchesSplitBetweenRrsets() {
    // four new RRsets: 64 + 64 + 64 + 8 = 200 creates fit in one batch
    List<RecordSet> fits = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      fits.add(pool(k, k < 3 ? RecordSet.MAX_VALUES : 8));
    }
    await(provider.write(new RecordWrite(fits, List.of())));
    assertThat(cf.writeRequests()).hasSize(1);
    assertThat(cf.observe(fits.get(3).key()).orElseThrow().sameContent(fits.get(3))).isTrue();

    // 64 + 64 + 64 + 9 = 201: the first three RRsets in one batch, the fourth in a second
    List<RecordSet> over = new ArrayList<>();
    for (int k = 4; k < 8; k++) {
      over.add(pool(k, k < 7 ? RecordSet.MAX_VALUES : 9));
    }
    await(provider.write(new RecordWrite(over, List.of())));

    assertThat(cf.writeRequests()).hasSize(3);
    for (RecordSet r : over) {
      assertThat(cf.observe(r.key()).orElseThrow().sameContent(r)).isTrue();
    }
  }

  @Test
  void aWriteNeedingNoChangeSendsNoWriteRequest() {
    RecordSet same = DnsProviderContract.INITIAL_RECORDS.get(0);
    assertThat(same.key()).isEqualTo(ROUTER);

    await(provider.write(RecordWrite.of(same)));

    assertThat(cf.requests()).isNotEmpty();
    assertThat(cf.writeRequests()).isEmpty();
    assertThat(cf.observe(ROUTER)).contains(same);
  }

  /** {@code pool<k>} A records 10.k.0.0 onwards. */
  private static RecordSet pool(int k, int values) {
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      ips.add("10." + k + ".0." + i);
    }
    return new RecordSet(RecordKey.of("pool" + k + "." + ZONE, "A"), 60, ips);
  }

  @Test
  void theEmulatorsPutRevertsOmittedFieldsWherePatchKeepsThem() throws Exception {
    cf.seed(RecordSet.of("proxied." + ZONE, "A", 60, "192.0.2.1"), true);
    String id = recordId("proxied." + ZONE);
    HttpClient client = HttpClient.newHttpClient();
    URI uri =
        cf.address()
            .resolve("/client/v4/zones/" + CloudflareEmulator.ZONE_ID + "/dns_records/" + id);
    String change = "{\"type\":\"A\",\"name\":\"proxied\",\"content\":\"192.0.2.2\",\"ttl\":60}";

    send(client, uri, "PATCH", change);
    assertThat(cf.proxied(RecordKey.of("proxied." + ZONE, "A"))).containsExactly(true);
    send(client, uri, "PUT", change);
    assertThat(cf.proxied(RecordKey.of("proxied." + ZONE, "A"))).containsExactly(false);
  }

  @Test
  void aMultiValueRrsetIsSeveralRecordsAndReplacingItTouchesNoOtherRecord() {
    cf.seed(RecordSet.of(POOL.name(), "TXT", 60, "keep me"), false);
    await(
        provider.write(
            RecordWrite.of(new RecordSet(POOL, 120, List.of("192.0.2.1", "192.0.2.2")))));
    assertThat(cf.proxied(POOL)).containsExactly(false, false);
    assertThat(await(provider.read(POOL)).orElseThrow().values())
        .containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2");

    await(
        provider.write(
            RecordWrite.of(
                new RecordSet(POOL, 120, List.of("192.0.2.2", "192.0.2.3", "192.0.2.4")))));
    assertThat(cf.observe(POOL).orElseThrow().values())
        .containsExactlyInAnyOrder("192.0.2.2", "192.0.2.3", "192.0.2.4");
    await(provider.write(RecordWrite.of(new RecordSet(POOL, 120, List.of("192.0.2.9")))));
    assertThat(cf.observe(POOL).orElseThrow().values()).containsExactly("192.0.2.9");

    assertThat(cf.observe(RecordKey.of(POOL.name(), "TXT")).orElseThrow().values())
        .containsExactly("keep me");
    assertThat(cf.observe(ROUTER).orElseThrow().values()).containsExactly("cf-front.example.test.");
  }

  @Test
  void pagesAreFollowedAndAutomaticTtlReadsAs300() {
    cf.perPageCap(1);
    cf.seed(new RecordSet(POOL, 1, List.of("192.0.2.1", "192.0.2.2", "192.0.2.3")), false);

    RecordSet read = await(provider.read(POOL)).orElseThrow();
    assertThat(read.values()).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2", "192.0.2.3");
    assertThat(read.ttl()).isEqualTo(300);
  }

  @Test
  void theZoneIdIsLookedUpByNameOnceWhenNotConfigured() {
    try (CloudflareProvider byName = provider(TOKEN, Optional.empty())) {
      await(byName.read(ROUTER));
      await(byName.read(ROUTER));
    }
    assertThat(cf.requests().stream().filter(r -> r.path().equals("/client/v4/zones"))).hasSize(1);
  }

  @Test
  void rateLimitingIsRateLimitedAfterCloudflaresRetryAfter() {
    cf.limitRequests(1);
    await(provider.read(ROUTER));
    Throwable e = failure(provider.read(ROUTER));
    assertThat(e).isInstanceOf(ProviderException.RateLimited.class);
    assertThat(((ProviderException.RateLimited) e).retryAfter())
        .isEqualTo(CloudflareEmulator.WINDOW);

    cf.advance(CloudflareEmulator.WINDOW);
    cf.failNext(1, Fault.RATE_LIMITED);
    Throwable injected = failure(provider.write(RecordWrite.of(ROUTER_CDN2)));
    assertThat(((ProviderException.RateLimited) injected).retryAfter())
        .isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void ttlsOutsideTheDnsOnlyRangeFailBeforeAnyRequest() {
    for (long ttl : new long[] {1, 59, 86_401}) {
      Throwable e =
          failure(
              provider.write(
                  RecordWrite.of(
                      RecordSet.of(ROUTER.name(), "CNAME", ttl, "cdn2-front.example.test."))));
      assertThat(e)
          .isInstanceOf(ProviderException.Rejected.class)
          .hasMessageContaining("TTL " + ttl);
    }
    assertThat(cf.requests()).isEmpty();
  }

  @Test
  void cloudflaresValidationErrorsAreRejectedWithTheirCodes() {
    Throwable e =
        failure(provider.write(RecordWrite.of(RecordSet.of(ROUTER.name(), "A", 60, "192.0.2.7"))));
    assertThat(e).isInstanceOf(ProviderException.Rejected.class).hasMessageContaining("81053");
    cf.failNext(1, Fault.SERVER_ERROR);
    assertThat(failure(provider.read(ROUTER)))
        .isInstanceOf(ProviderException.Unavailable.class)
        .hasMessageContaining("10001");
  }

  @Test
  void theTokenAppearsInNoMessageAndNoLogLine() {
    try (LogCapture logs = new LogCapture();
        CloudflareProvider wrong = provider("wrong-token", Optional.empty())) {
      Throwable auth = failure(wrong.read(ROUTER));
      assertThat(auth)
          .isInstanceOf(ProviderException.AuthFailed.class)
          .hasMessageContaining("9109");
      cf.failNext(1, Fault.SERVER_ERROR);
      Throwable down = failure(provider.write(RecordWrite.of(ROUTER_CDN2)));
      Throwable rejected =
          failure(
              provider.write(RecordWrite.of(RecordSet.of(ROUTER.name(), "A", 60, "192.0.2.7"))));

      for (Throwable t : List.of(auth, down, rejected)) {
        assertThat(t.getMessage()).doesNotContain(TOKEN).doesNotContain("wrong-token");
        assertThat(t.toString()).doesNotContain(TOKEN);
      }
      assertThat(logs.size()).isPositive();
      assertThat(logs.text()).doesNotContain(TOKEN).doesNotContain("wrong-token");
      assertThat(provider + " " + wrong).doesNotContain(TOKEN).doesNotContain("wrong-token");
    }
  }

  private String recordId(String name) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        cf.address()
                            .resolve(
                                "/client/v4/zones/"
                                    + CloudflareEmulator.ZONE_ID
                                    + "/dns_records?name="
                                    + name.replaceAll("\\.$", "")))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("result").path(0).path("id").asText();
  }

  private static void send(HttpClient client, URI uri, String method, String body)
      throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
