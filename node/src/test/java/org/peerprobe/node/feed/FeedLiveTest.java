package org.peerprobe.node.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.service.NodeEvent;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The live parts of the feed: events, Atom, badges, metrics and the page's files. */
class FeedLiveTest {
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

  @Test
  void eventStreamDeliversVerdictsAndDecisionsAsTheyHappen() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> r =
        f.http
            .sendAsync(
                HttpRequest.newBuilder(URI.create(f.url("/v1/events"))).build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(FeedFixture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    Thread reader = new Thread(() -> r.body().forEach(lines::add), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    assertThat(next(lines, "retry:")).isEqualTo("retry: 3000");

    long round = FeedFixture.CURRENT_ROUND;
    f.tracker.accept(
        new NodeEvent.Tallied(
            f.now.get(),
            round,
            TestNetwork.PRIMARY,
            Verdict.DOWN,
            Map.of(TestNetwork.network(0), 1L),
            Map.of(TestNetwork.network(1), 3L),
            4));
    f.tracker.accept(
        new NodeEvent.Certified(
            f.now.get(), round, TestNetwork.PRIMARY, Verdict.DOWN, "ab".repeat(32), true));
    assertThat(next(lines, "event:")).isEqualTo("event: verdict");
    String data = next(lines, "data:");
    assertThat(data)
        .contains(
            "\"front\":\"" + TestNetwork.PRIMARY + "\"", "\"verdict\":\"DOWN\"", "\"down\":3");

    Decision d4 = TestDecisions.after(f.decisions.get(2).decision(), 1000);
    f.tracker.accept(
        new NodeEvent.Decided(f.now.get(), SignedDecision.sign(d4, TestKeys.signer()), false));
    assertThat(next(lines, "event:")).isEqualTo("event: decision");
    assertThat(next(lines, "data:")).contains("\"seq\":4", d4.id());
    // and the status shows the new state at once
    assertThat(f.get("/v1/status").body()).contains(d4.id(), "\"verdict\":\"DOWN\"");
  }

  @Test
  void theStatusShowsAnAdoptedSiblingButNotOneThatGossipMerelyDelivered() {
    SignedDecision held = f.decisions.get(2);
    Decision sibling = TestDecisions.after(f.decisions.get(1).decision(), 2000);
    SignedDecision y = SignedDecision.sign(sibling, TestKeys.standbySigner());
    assertThat(y.decision().seq()).isEqualTo(held.decision().seq());

    f.tracker.accept(new NodeEvent.Decided(f.now.get(), y, false));
    assertThat(f.get("/v1/status").body())
        .contains(held.decision().id())
        .doesNotContain(sibling.id());

    f.tracker.accept(new NodeEvent.Adopted(f.now.get(), y));
    assertThat(f.get("/v1/status").body())
        .contains(sibling.id())
        .doesNotContain(held.decision().id());
  }

  private static String next(BlockingQueue<String> lines, String prefix)
      throws InterruptedException {
    long deadline = System.nanoTime() + FeedFixture.TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (l != null && l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line starting with " + prefix + " within " + FeedFixture.TIMEOUT);
  }

  @Test
  void atomListsDecisionsAndBothKindsOfIncident() throws Exception {
    HttpResponse<String> r = f.get("/feed.atom");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValue("application/atom+xml; charset=utf-8");
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setNamespaceAware(true);
    Document doc =
        dbf.newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    NodeList titles = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "title");
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < titles.getLength(); i++) {
      all.append(titles.item(i).getTextContent()).append('\n');
    }
    assertThat(all.toString())
        .contains(TestNetwork.PRIMARY + " down (quorum)")
        .contains(TestNetwork.PRIMARY + " partial outage seen from " + TestNetwork.network(0))
        .contains(TestDecisions.ROUTER + " switched from");
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength())
        .isEqualTo(3 + 2);
    assertThat(r.body()).contains("href=\"" + f.server.url() + "/v1/decisions/");
  }

  @Test
  void badgesFollowTheLatestVerdict() {
    HttpResponse<String> none = f.get("/badge/" + TestNetwork.PRIMARY + ".svg");
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.headers().firstValue("content-type")).hasValue("image/svg+xml; charset=utf-8");
    assertThat(none.body()).startsWith("<svg").contains(">no quorum<");
    f.tracker.accept(
        new NodeEvent.Certified(
            f.now.get(), 1000, TestNetwork.PRIMARY, Verdict.UP, "cd".repeat(32), true));
    assertThat(f.get("/badge/" + TestNetwork.PRIMARY + ".svg").body()).contains(">up<");
    assertThat(f.get("/badge/nope.svg").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsAreInPrometheusTextFormat() {
    f.metrics.accept(new NodeEvent.Reported(f.now.get(), 1000, Map.of()));
    f.metrics.accept(new NodeEvent.Accepted(f.now.get(), "/peerprobe/n/reports/1"));
    f.metrics.accept(
        new NodeEvent.Rejected(
            f.now.get(), "/peerprobe/n/reports/1", "BAD_SIGNATURE: report signature"));
    f.metrics.accept(
        new NodeEvent.Certified(
            1000L * FeedFixture.INTERVAL_SECONDS * 1000 + 700,
            1000,
            TestNetwork.PRIMARY,
            Verdict.UP,
            "ab".repeat(32),
            true));
    f.metrics.gossip(5, 3);
    HttpResponse<String> r = f.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(r.body())
        .contains("peerprobe_rounds_total 1.0")
        .contains("peerprobe_observations_total{reason=\"none\",result=\"accepted\"} 1.0")
        .contains("peerprobe_observations_total{reason=\"BAD_SIGNATURE\",result=\"rejected\"} 1.0")
        .contains("peerprobe_peers 5.0")
        .contains("peerprobe_mesh_size 3.0")
        .contains("peerprobe_verdict_latency_seconds_count 1");
  }

  @Test
  void theStatusPageAndItsFilesAreServedAndNothingElse() {
    HttpResponse<String> page = f.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script src=\"/app.js\"");
    assertThat(page.body())
        .as("without JavaScript the page says where the JSON lives")
        .containsPattern("(?s)<noscript>.*/v1/status.*/v1/decisions.*</noscript>");
    assertThat(page.headers().firstValue("content-security-policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'", "script-src 'self'"));
    for (String module : java.util.List.of("/app.js", "/dom.js", "/fronts.js", "/panels.js")) {
      assertThat(f.get(module).headers().firstValue("content-type"))
          .hasValue("text/javascript; charset=utf-8");
    }
    assertThat(f.get("/style.css").statusCode()).isEqualTo(200);
    assertThat(f.get("/../pom.xml").statusCode()).isEqualTo(404);
    assertThat(f.get("/org/peerprobe/node/feed/FeedServer.class").statusCode()).isEqualTo(404);
  }
}
