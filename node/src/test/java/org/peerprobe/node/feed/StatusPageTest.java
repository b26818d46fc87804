package org.peerprobe.node.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
import org.peerprobe.node.testing.Chromium;
import org.peerprobe.p2p.testing.Await;

/**
 * The status page in a real headless Chromium over {@link FeedFixture}'s known history: the primary
 * DOWN in rounds 950..952, and seen DOWN from one network only in round 971 (NO_QUORUM).
 */
class StatusPageTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final Path SHOTS = Path.of("target", "status-page");
  static final String PRIMARY = "[data-front=\"" + TestNetwork.PRIMARY + "\"]";
  static final String ROUTER = "[data-router=\"" + TestDecisions.ROUTER + "\"]";

  @TempDir Path dir;
  private FeedFixture f;
  private Chromium page;

  @BeforeEach
  void start() {
    f = new FeedFixture(dir.resolve("store"));
    page = Chromium.launch(dir.resolve("browser"));
    page.viewport(1100, 900, 1, false);
    page.navigate(f.url("/"));
    page.awaitTrue("document.body.dataset.ready === '1'", WAIT, "the page drew the feed");
    page.eval("window.__loaded = 1");
  }

  @AfterEach
  void stop() {
    page.close();
    f.close();
  }

  private String cellClass(String bar, long round) {
    return page.text(
        "document.querySelector('" + bar + " .c[data-round=\"" + round + "\"]')?.className");
  }

  @Test
  void aPartialOutageThatNeverReachedQuorumIsMarkedPerNetwork() {
    String main = PRIMARY + " .bar:not(.small)";
    assertThat(page.eval("document.querySelectorAll('" + main + " .c').length").asInt())
        .isEqualTo(100);
    assertThat(cellClass(main, 951)).isEqualTo("c down");
    assertThat(cellClass(main, 960)).isEqualTo("c up");
    assertThat(cellClass(main, 971)).isEqualTo("c nq partial");
    assertThat(page.text("document.querySelector('" + main + " .c[data-round=\"971\"]').title"))
        .contains("Round 971", "No quorum", TestNetwork.network(0) + ": up 0, down 1");
    String net0 = PRIMARY + " [data-network=\"" + TestNetwork.network(0) + "\"] .bar";
    String net1 = PRIMARY + " [data-network=\"" + TestNetwork.network(1) + "\"] .bar";
    assertThat(cellClass(net0, 971)).isEqualTo("c down");
    assertThat(cellClass(net1, 971)).isEqualTo("c up");
    assertThat(page.text("document.querySelector('" + PRIMARY + " .summary').textContent"))
        .contains("3 down", "1 no quorum")
        .contains("latest: round 971, from " + TestNetwork.network(0));
    assertThat(page.text("document.querySelector('" + main + "').getAttribute('aria-label')"))
        .contains("3 down", "1 round seen down by some network");
    assertThat(page.eval("window.__loaded").asInt()).isEqualTo(1);
    assertThat(page.problems()).isEmpty();
  }

  @Test
  void theRouterShowsItsTargetAndSignedHistoryWithEvidenceLinks() {
    SignedDecision head = f.decisions.get(2);
    assertThat(page.text("document.querySelector('" + ROUTER + " .active-front').textContent"))
        .isEqualTo(head.decision().to());
    assertThat(page.text("document.querySelector('" + ROUTER + " .active-host').textContent"))
        .isEqualTo("backup.example.net");
    assertThat(
            page.text(
                "[...document.querySelectorAll('"
                    + ROUTER
                    + " tbody tr')].map(r => r.dataset.seq).join()"))
        .isEqualTo("3,2,1");
    String row = ROUTER + " tr[data-seq=\"3\"]";
    assertThat(page.text("document.querySelector('" + row + "').textContent"))
        .contains("failover", TestNetwork.PRIMARY, TestNetwork.SECONDARY, "round 30");
    assertThat(
            page.text(
                "[...document.querySelectorAll('"
                    + row
                    + " a')].map(a => a.getAttribute('href')).join(' ')"))
        .contains("/v1/decisions/" + head.decision().id() + "/evidence")
        .contains("/v1/certificates/" + head.decision().certificates().get(0));
    page.awaitTrue(
        "document.querySelectorAll('#observer-list tbody tr').length === 4",
        WAIT,
        "four observers listed");

    page.screenshot(SHOTS.resolve("fixture-desktop.png"));
    page.eval("document.querySelector('" + PRIMARY + " details').open = true");
    page.viewport(375, 812, 2, true);
    page.awaitTrue("innerWidth === 375", WAIT, "the phone viewport applies");
    assertThat(page.eval("document.documentElement.scrollWidth").asInt())
        .as("nothing wider than a phone")
        .isLessThanOrEqualTo(375);
    page.screenshot(SHOTS.resolve("fixture-phone.png"));
    page.darkMode(true);
    page.screenshot(SHOTS.resolve("fixture-phone-dark.png"));
    assertThat(page.problems()).isEmpty();
  }

  @Test
  void aSignerHoldingItsSigningSaysSoAndTheForkEvidenceIsLinked() {
    assertThat(page.eval("document.querySelector('#node .syncing') === null").asBoolean()).isTrue();
    assertThat(
            page.text(
                "document.querySelector('#node a[href=\"/v1/decisions/forks\"]').textContent"))
        .contains("replaced by the fork choice");

    f.tracker.accept(new NodeEvent.SigningGate(f.now.get(), false, "a peer connected"));
    page.navigate(f.url("/"));
    page.awaitTrue("document.body.dataset.ready === '1'", WAIT, "the page drew the feed");

    assertThat(page.text("document.querySelector('#node .syncing').textContent"))
        .contains("signs no decision until its decision log is synced");
    assertThat(page.problems()).isEmpty();
  }

  @Test
  void verdictsAndDecisionsArriveLiveWithoutAReload() {
    page.awaitTrue(
        "document.getElementById('live').dataset.live === 'live'", WAIT, "the stream is open");
    long round = FeedFixture.CURRENT_ROUND;
    f.tracker.accept(
        new NodeEvent.Tallied(
            f.now.get(),
            round,
            TestNetwork.PRIMARY,
            Verdict.DOWN,
            Map.of(TestNetwork.network(0), 1L),
            Map.of(TestNetwork.network(1), 1L, TestNetwork.network(2), 1L),
            4));
    f.tracker.accept(
        new NodeEvent.Certified(
            f.now.get(), round, TestNetwork.PRIMARY, Verdict.DOWN, "ab".repeat(32), true));
    page.awaitTrue(
        "document.querySelector('" + PRIMARY + " .verdict').dataset.verdict === 'DOWN'",
        WAIT,
        "the primary shows DOWN");
    assertThat(cellClass(PRIMARY + " .bar:not(.small)", round)).isEqualTo("c down");

    Decision d4 = TestDecisions.after(f.decisions.get(2).decision(), round);
    f.tracker.accept(
        new NodeEvent.Decided(f.now.get(), SignedDecision.sign(d4, TestKeys.signer()), false));
    page.awaitTrue(
        "document.querySelector('" + ROUTER + " .active-front').textContent === '" + d4.to() + "'",
        WAIT,
        "the active target follows the decision");
    assertThat(page.text("document.querySelector('" + ROUTER + " tbody tr').dataset.seq"))
        .isEqualTo("4");
    assertThat(page.eval("window.__loaded").asInt()).as("no reload").isEqualTo(1);
    assertThat(page.problems()).isEmpty();
  }

  @Test
  void afterTheStreamDropsThePageCatchesUpOnWhatItMissed() {
    page.awaitTrue(
        "document.getElementById('live').dataset.live === 'live'", WAIT, "the stream is open");
    f.hub.close(); // every open stream ends; the browser reconnects after the server's retry
    Await.until(WAIT, () -> f.hub.size() == 0, "the streams are closed");
    Decision d4 = TestDecisions.after(f.decisions.get(2).decision(), 1000);
    SignedDecision signed = SignedDecision.sign(d4, TestKeys.signer());
    f.store.saveDecision(signed).join(); // as the node's recorder does
    f.tracker.accept(new NodeEvent.Decided(f.now.get(), signed, false));
    page.awaitTrue(
        "document.querySelector('"
            + ROUTER
            + " .active-front').textContent === '"
            + d4.to()
            + "'"
            + " && document.getElementById('live').dataset.live === 'live'",
        WAIT,
        "the page is live again and shows the decision made while it was away");
    assertThat(page.text("document.querySelector('" + ROUTER + " tbody tr').dataset.seq"))
        .isEqualTo("4");
    assertThat(page.eval("window.__loaded").asInt()).as("no reload").isEqualTo(1);
  }
}
