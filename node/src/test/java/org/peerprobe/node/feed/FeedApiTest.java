package org.peerprobe.node.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestNetwork;

/** The JSON endpoints of docs/feed.md against a real store: shapes, pagination and refusals. */
class FeedApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private FeedFixture f;

  @BeforeEach
  void start() {
    f = new FeedFixture(dir);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("content-type")).hasValue(FeedResponse.JSON);
    return JSON.readTree(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String text)
      throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).contains(text);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
  }

  @Test
  void statusShowsNetworkFrontsAndTheRoutersLatestDecision() throws Exception {
    HttpResponse<String> r = f.get("/v1/status");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode s = json(r);
    assertThat(s.get("networkId").asText()).isEqualTo(TestNetwork.NETWORK_ID);
    assertThat(s.get("round").asLong()).isEqualTo(FeedFixture.CURRENT_ROUND);
    assertThat(s.get("peerId").asText()).isEqualTo("12D3KooWTestPeer");
    assertThat(s.get("fronts")).hasSize(2);
    JsonNode router = s.get("routers").get(0);
    SignedDecision head = f.decisions.get(2);
    assertThat(router.get("name").asText()).isEqualTo(TestDecisions.ROUTER);
    assertThat(router.get("active").asText()).isEqualTo(head.decision().to());
    assertThat(router.get("decision").get("seq").asLong()).isEqualTo(3);
    assertThat(router.get("decision").get("id").asText()).isEqualTo(head.decision().id());
    assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=2");
    assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
    assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
  }

  @Test
  void roundsDefaultToTheLastHundredWithPerNetworkWeights() throws Exception {
    JsonNode page = json(f.get("/v1/fronts/" + TestNetwork.PRIMARY + "/rounds"));
    assertThat(page.get("from").asLong()).isEqualTo(901);
    assertThat(page.get("to").asLong()).isEqualTo(1000);
    assertThat(page.get("rounds")).hasSize(99); // rows exist for 901..999
    JsonNode partial = json(f.get("/v1/fronts/" + TestNetwork.PRIMARY + "/rounds?from=971&to=971"));
    JsonNode r971 = partial.get("rounds").get(0);
    assertThat(r971.get("verdict").asText()).isEqualTo("NO_QUORUM");
    assertThat(r971.get("networks").get(TestNetwork.network(0)).get("down").asLong()).isEqualTo(1);
    assertThat(r971.has("certificate")).isFalse();
    JsonNode down = json(f.get("/v1/fronts/" + TestNetwork.PRIMARY + "/rounds?from=950&to=952"));
    assertThat(down.get("rounds"))
        .allSatisfy(x -> assertThat(x.get("verdict").asText()).isEqualTo("DOWN"));
  }

  @Test
  void roundsRefuseBadRangesAndUnknownFronts() throws Exception {
    String base = "/v1/fronts/" + TestNetwork.PRIMARY + "/rounds";
    assertError(
        f.get(base + "?from=abc"), 400, "bad_request", "from: expected a non-negative integer");
    assertError(f.get(base + "?from=10&to=5"), 400, "bad_request", "is after to");
    assertError(f.get(base + "?from=0&to=1000"), 400, "bad_request", "more than 1000");
    assertError(f.get(base + "?from=1&from=2"), 400, "bad_request", "given 2 times");
    assertError(f.get("/v1/fronts/nope/rounds"), 404, "not_found", "no front nope");
    assertError(f.get("/v1/fronts/NOPE!/rounds"), 400, "bad_request", "front: not a valid id");
  }

  @Test
  void certificatesAreServedAsCanonicalBytesAndCachedForever() throws Exception {
    QuorumCertificate c = f.certificates.get(0);
    HttpResponse<String> r = f.get("/v1/certificates/" + c.id());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(c.encode());
    assertThat(r.headers().firstValue("cache-control"))
        .hasValue("public, max-age=31536000, immutable");
    assertError(f.get("/v1/certificates/" + "0".repeat(64)), 404, "not_found", "no certificate");
    assertError(f.get("/v1/certificates/xyz"), 400, "bad_request", "64 lowercase hex");
    assertError(
        f.get("/v1/decisions/" + "0".repeat(64) + "/evidence"),
        404,
        "not_found",
        "no such decision");
  }

  @Test
  void decisionsArePaginatedOldestFirstWithANextLink() throws Exception {
    JsonNode p1 = json(f.get("/v1/decisions?limit=2"));
    assertThat(p1.get("decisions")).hasSize(2);
    assertThat(p1.get("decisions").get(0).get("seq").asLong()).isEqualTo(1);
    assertThat(p1.get("decisions").get(0).get("signed").get("signature").asText()).isNotEmpty();
    String next = p1.get("next").asText();
    assertThat(next).isEqualTo("/v1/decisions?router=web-router&after=2&limit=2");
    JsonNode p2 = json(f.get(next));
    assertThat(p2.get("decisions")).hasSize(1);
    assertThat(p2.get("decisions").get(0).get("prev").asText())
        .isEqualTo(f.decisions.get(1).decision().id());
    assertThat(p2.has("next")).isFalse();
    assertError(f.get("/v1/decisions?limit=201"), 400, "bad_request", "above the limit of 200");
    assertError(f.get("/v1/decisions?limit=0"), 400, "bad_request", "at least 1");
    assertError(f.get("/v1/decisions?router=other"), 404, "not_found", "no router other");
  }

  @Test
  void observersListEveryMemberWithAgreement() throws Exception {
    JsonNode o = json(f.get("/v1/observers?rounds=200"));
    assertThat(o.get("observers")).hasSize(FeedFixture.NET.size());
    assertThat(o.get("from").asLong()).isEqualTo(801);
    assertThat(o.get("equivocations")).isEmpty();
    assertError(f.get("/v1/observers?rounds=10001"), 400, "bad_request", "rounds");
  }

  @Test
  void refusalsAreJsonWithTheRightStatus() throws Exception {
    assertError(f.get("/nowhere"), 404, "not_found", "no such path");
    HttpResponse<String> post =
        f.send(
            HttpRequest.newBuilder(URI.create(f.url("/v1/status")))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertError(post, 405, "method_not_allowed", "read-only");
    HttpResponse<String> longLine = f.get("/v1/status?x=" + "a".repeat(5000));
    assertThat(longLine.statusCode()).isEqualTo(414);
  }

  @Test
  void optionsHeadAndConditionalGetsFollowHttp() {
    HttpResponse<String> pre =
        f.send(
            HttpRequest.newBuilder(URI.create(f.url("/v1/status")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(pre.statusCode()).isEqualTo(204);
    assertThat(pre.headers().firstValue("access-control-allow-methods"))
        .hasValue("GET, HEAD, OPTIONS");
    HttpResponse<String> head =
        f.send(
            HttpRequest.newBuilder(URI.create(f.url("/v1/decisions")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    HttpResponse<String> first = f.get("/v1/decisions");
    String etag = first.headers().firstValue("etag").orElseThrow();
    assertThat(head.headers().firstValue("etag")).hasValue(etag);
    HttpResponse<String> again =
        f.send(
            HttpRequest.newBuilder(URI.create(f.url("/v1/decisions")))
                .header("If-None-Match", etag)
                .build());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void aClientOverItsBudgetGets429UntilTimePasses() throws Exception {
    int ok = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 60; i++) {
      last = f.get("/v1/status");
      if (last.statusCode() == 200) {
        ok++;
      } else {
        break;
      }
    }
    assertThat(ok).isEqualTo((int) FeedLimits.REQUEST_BURST_PER_CLIENT);
    assertError(last, 429, "rate_limited", "too many requests");
    assertThat(last.headers().firstValue("retry-after")).hasValue("1");
    f.now.addAndGet(1000); // the manual clock refills 20 tokens
    assertThat(f.get("/v1/status").statusCode()).isEqualTo(200);
  }
}
