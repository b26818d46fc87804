package org.peerprobe.node.dns.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;

/** The emulator's batch endpoint against what Cloudflare documents for it. */
class CloudflareBatchTest {
  static final String TOKEN = "cf-batch-test-token";
  static final String ZONE = "example.test.";
  static final RecordKey ROUTER_CNAME = RecordKey.of("web-router." + ZONE, "CNAME");
  static final RecordKey ROUTER_A = RecordKey.of("web-router." + ZONE, "A");
  static final RecordKey FENCE = RecordKey.of("_peerprobe.web-router." + ZONE, "TXT");

  final CloudflareEmulator cf = new CloudflareEmulator(ZONE, TOKEN);
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    cf.close();
  }

  @Test
  void deletesRunBeforePostsWhateverTheirPlaceInTheBody() throws Exception {
    cf.seed(RecordSet.of(ROUTER_CNAME.name(), "CNAME", 60, "cf-front.example.test."), false);
    String cname = idOf("web-router.example.test");

    Reply r =
        batch(
            "{\"posts\":[{\"type\":\"A\",\"name\":\"web-router\",\"content\":\"192.0.2.7\","
                + "\"ttl\":60}],\"deletes\":[{\"id\":\""
                + cname
                + "\"}]}");

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().path("result").path("deletes").path(0).path("content").asText())
        .isEqualTo("cf-front.example.test");
    assertThat(r.body().path("result").path("posts").path(0).path("content").asText())
        .isEqualTo("192.0.2.7");
    assertThat(r.body().path("result").path("patches")).isEmpty();
    assertThat(cf.observe(ROUTER_CNAME)).isEmpty();
    assertThat(cf.observe(ROUTER_A).orElseThrow().values()).containsExactly("192.0.2.7");
  }

  @Test
  void aFailingLaterOperationUndoesTheEarlierOnes() throws Exception {
    cf.seed(RecordSet.of(ROUTER_CNAME.name(), "CNAME", 60, "cf-front.example.test."), false);
    cf.seed(RecordSet.of(FENCE.name(), "TXT", 60, "seq=1 decision=a"), false);
    String cname = idOf("web-router.example.test");
    String fence = idOf("_peerprobe.web-router.example.test");

    // the patches run, then the post of an A beside the CNAME fails: 81053
    Reply r =
        batch(
            "{\"patches\":[{\"id\":\""
                + cname
                + "\",\"content\":\"cdn2-front.example.test\"},{\"id\":\""
                + fence
                + "\",\"content\":\"seq=2 decision=b\"}],"
                + "\"posts\":[{\"type\":\"A\",\"name\":\"web-router\",\"content\":\"192.0.2.7\","
                + "\"ttl\":60}]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("success").asBoolean()).isFalse();
    assertThat(r.body().path("errors").path(0).path("code").asInt()).isEqualTo(81053);
    assertThat(cf.observe(ROUTER_CNAME).orElseThrow().values())
        .containsExactly("cf-front.example.test.");
    assertThat(cf.observe(FENCE).orElseThrow().values()).containsExactly("seq=1 decision=a");
    assertThat(cf.observe(ROUTER_A)).isEmpty();
  }

  @Test
  void eachOperationIsValidatedAsItsOwnEndpointWouldBe() throws Exception {
    cf.seed(RecordSet.of(FENCE.name(), "TXT", 60, "seq=1 decision=a"), false);
    String fence = idOf("_peerprobe.web-router.example.test");
    String post =
        "{\"type\":\"TXT\",\"name\":\"_peerprobe.web-router\",\"content\":\"x\",\"ttl\":60}";

    assertThat(code(batch("{\"deletes\":[{\"id\":\"" + "f".repeat(32) + "\"}]}"))).isEqualTo(81044);
    assertThat(code(batch("{\"posts\":[" + post + "," + post + "]}"))).isEqualTo(81058);
    assertThat(code(batch("{\"patches\":[{\"id\":\"" + fence + "\",\"ttl\":30}]}")))
        .isEqualTo(1004);
    assertThat(code(batch("{\"patches\":[{\"content\":\"no id\"}]}"))).isEqualTo(9207);
    assertThat(code(batch("{\"posts\":{}}"))).isEqualTo(9207);

    assertThat(cf.observe(FENCE).orElseThrow().values()).containsExactly("seq=1 decision=a");
    assertThat(cf.observe(FENCE).orElseThrow().ttl()).isEqualTo(60);
  }

  @Test
  void aPutInABatchRevertsOmittedFieldsAsPutDoes() throws Exception {
    cf.seed(RecordSet.of(ROUTER_A.name(), "A", 60, "192.0.2.1"), true);
    String a = idOf("web-router.example.test");

    Reply r =
        batch(
            "{\"puts\":[{\"id\":\""
                + a
                + "\",\"type\":\"A\",\"name\":\"web-router\",\"content\":\"192.0.2.2\"}]}");

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(cf.proxied(ROUTER_A)).containsExactly(false);
    assertThat(cf.observe(ROUTER_A).orElseThrow().ttl()).isEqualTo(300);
  }

  @Test
  void aBatchAboveThePlanLimitIsRefusedWhole() throws Exception {
    StringBuilder posts = new StringBuilder();
    for (int i = 0; i <= CloudflareBatch.FREE_PLAN_LIMIT; i++) {
      posts.append(i == 0 ? "" : ",");
      posts.append("{\"type\":\"A\",\"name\":\"pool\",\"content\":\"10.0.");
      posts.append(i / 256).append('.').append(i % 256).append("\",\"ttl\":60}");
    }
    Reply over = batch("{\"posts\":[" + posts + "]}");
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.body().path("errors").path(0).path("message").asText())
        .contains("201 record operations");
    assertThat(cf.observe(RecordKey.of("pool." + ZONE, "A"))).isEmpty();

    cf.batchLimit(1);
    String two =
        "{\"posts\":[{\"type\":\"A\",\"name\":\"pool\",\"content\":\"10.0.0.1\",\"ttl\":60}],"
            + "\"deletes\":[{\"id\":\""
            + "f".repeat(32)
            + "\"}]}";
    assertThat(code(batch(two))).isEqualTo(9207);
  }

  @Test
  void aBatchIsOneRequestAgainstTheRateLimit() throws Exception {
    cf.limitRequests(2);
    String post = "{\"type\":\"A\",\"name\":\"pool\",\"content\":\"10.0.0.%d\",\"ttl\":60}";
    Reply r =
        batch(
            "{\"posts\":["
                + String.format(post, 1)
                + ","
                + String.format(post, 2)
                + ","
                + String.format(post, 3)
                + "]}");
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().path("result").path("posts")).hasSize(3);

    assertThat(batch("{}").status()).isEqualTo(200);
    assertThat(batch("{}").status()).isEqualTo(429);
    assertThat(cf.observe(RecordKey.of("pool." + ZONE, "A")).orElseThrow().values()).hasSize(3);
  }

  record Reply(int status, JsonNode body) {}

  private static int code(Reply r) {
    assertThat(r.body().path("success").asBoolean()).as(r.body().toString()).isFalse();
    return r.body().path("errors").path(0).path("code").asInt();
  }

  private Reply batch(String body) throws Exception {
    return send("POST", "/dns_records/batch", body);
  }

  private String idOf(String name) throws Exception {
    Reply r = send("GET", "/dns_records?name=" + name, null);
    assertThat(r.body().path("result")).as(r.body().toString()).hasSize(1);
    return r.body().path("result").path(0).path("id").asText();
  }

  private Reply send(String method, String path, String body) throws Exception {
    URI uri = cf.address().resolve("/client/v4/zones/" + CloudflareEmulator.ZONE_ID + path);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), EmulatorServer.JSON.readTree(r.body()));
  }
}
