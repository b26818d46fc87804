package org.peerprobe.node.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.store.BranchWrite;

/**
 * {@code /v1/decisions/forks} of docs/feed.md against a real store whose log two longer branches
 * replaced, and the status's {@code signerReady}.
 */
class DecisionForksApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private FeedFixture f;

  /** Held d1 d2 d3; then b3 b4 replaced d3; then c4 c5 replaced b4. */
  private SignedDecision d3;

  private SignedDecision b3;
  private SignedDecision b4;
  private SignedDecision c4;

  @BeforeEach
  void start() {
    f = new FeedFixture(dir);
    d3 = f.decisions.get(2);
    b3 = sign(TestDecisions.after(f.decisions.get(1).decision(), 31));
    b4 = sign(TestDecisions.after(b3.decision(), 40));
    c4 = sign(TestDecisions.after(b3.decision(), 41));
    SignedDecision c5 = sign(TestDecisions.after(c4.decision(), 50));
    assertThat(f.store.adoptBranch(TestDecisions.ROUTER, 2, List.of(b3, b4)).join())
        .isInstanceOf(BranchWrite.Adopted.class);
    f.now.addAndGet(1000);
    assertThat(f.store.adoptBranch(TestDecisions.ROUTER, 3, List.of(c4, c5)).join())
        .isInstanceOf(BranchWrite.Adopted.class);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static SignedDecision sign(Decision d) {
    return SignedDecision.sign(d, TestKeys.signer());
  }

  private JsonNode json(String path) throws Exception {
    var r = f.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=2");
    return JSON.readTree(r.body());
  }

  @Test
  void listsEveryReplacedDecisionWithItsSignedFormWhatReplacedItAndWhen() throws Exception {
    JsonNode page = json("/v1/decisions/forks?router=" + TestDecisions.ROUTER);
    assertThat(page.get("router").asText()).isEqualTo(TestDecisions.ROUTER);
    assertThat(page.has("next")).isFalse();
    JsonNode forks = page.get("forks");
    assertThat(forks).hasSize(2);

    JsonNode first = forks.get(0);
    assertThat(first.get("seq").asLong()).isEqualTo(3);
    assertThat(first.get("id").asText()).isEqualTo(d3.decision().id());
    assertThat(first.get("signer").asText()).isEqualTo(TestKeys.signer().publicKey().peerId());
    assertThat(first.get("replacedBy").asText()).isEqualTo(b3.decision().id());
    assertThat(first.get("replacedAt").asLong()).isEqualTo(f.now.get() - 1000);
    byte[] signed = JSON.writeValueAsString(first.get("signed")).getBytes(StandardCharsets.UTF_8);
    assertThat(SignedDecision.decode(signed).orElseThrow())
        .as("the signed decision verifies on its own")
        .isEqualTo(d3)
        .matches(SignedDecision::signatureValid);

    JsonNode second = forks.get(1);
    assertThat(second.get("id").asText()).isEqualTo(b4.decision().id());
    assertThat(second.get("replacedBy").asText()).isEqualTo(c4.decision().id());
    assertThat(second.get("replacedAt").asLong()).isEqualTo(f.now.get());
  }

  @Test
  void pagesFollowTheirNextLinkInReplacementOrder() throws Exception {
    JsonNode one = json("/v1/decisions/forks?limit=1");
    assertThat(one.get("forks")).singleElement().satisfies(d -> assertSeq(d, 3));
    String next = one.get("next").asText();
    assertThat(next).startsWith("/v1/decisions/forks?router=" + TestDecisions.ROUTER + "&after=");

    JsonNode two = json(next);
    assertThat(two.get("forks")).singleElement().satisfies(d -> assertSeq(d, 4));
    assertThat(two.has("next")).isFalse();
  }

  private static void assertSeq(JsonNode d, long seq) {
    assertThat(d.get("seq").asLong()).isEqualTo(seq);
  }

  @Test
  void badParametersAreRefusedNamingThem() throws Exception {
    assertError("/v1/decisions/forks?limit=0", 400, "limit");
    assertError("/v1/decisions/forks?limit=" + (FeedLimits.MAX_FORKS_PER_PAGE + 1), 400, "limit");
    assertError("/v1/decisions/forks?after=-1", 400, "after");
    assertError("/v1/decisions/forks?router=api-router", 404, "no router api-router");
    assertThat(json("/v1/decisions/forks?after=1000000").get("forks")).isEmpty();
  }

  private void assertError(String path, int status, String text) throws Exception {
    var r = f.get(path);
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains(text);
  }

  @Test
  void statusShowsWhetherTheSignerIsReady() throws Exception {
    assertThat(json("/v1/status").get("signerReady").asBoolean()).isTrue();

    f.tracker.accept(new NodeEvent.SigningGate(f.now.get(), false, "syncing the decision log"));
    assertThat(json("/v1/status").get("signerReady").asBoolean()).isFalse();

    f.tracker.accept(new NodeEvent.SigningGate(f.now.get(), true, "synced with 2 peer(s)"));
    assertThat(json("/v1/status").get("signerReady").asBoolean()).isTrue();
  }
}
