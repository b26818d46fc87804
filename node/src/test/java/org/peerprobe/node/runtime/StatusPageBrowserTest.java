package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.demo.DemoDns;
import org.peerprobe.node.testing.Chromium;
import org.peerprobe.node.testing.TestFront;

/**
 * The status page of a running network, in a real headless Chromium: four observers and a signer
 * ({@link NodeRunner}s on loopback, 1 s rounds) probing two real HTTP fronts. The page of one
 * observer's feed shows both fronts and the router on its primary; the primary breaks, and the
 * failover (the active target and the signed decision) appears on the open page without a reload.
 * Screenshots (desktop and phone width) go to {@code target/status-page/}.
 */
class StatusPageBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Path SHOTS = Path.of("target", "status-page");
  static final int DOWN_ROUNDS = 2;
  static final String ROUTER = "[data-router=\"" + RunnerFixture.ROUTER + "\"]";

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static String front(String id) {
    return "[data-front=\"" + id + "\"]";
  }

  private static String activeIs(String front) {
    return "document.querySelector('"
        + ROUTER
        + " .active-front')?.textContent === '"
        + front
        + "'";
  }

  @Test
  void theFailoverOfARunningNetworkShowsUpLiveOnTheOpenPage() throws Exception {
    TestFront primary = TestFront.http(group);
    TestFront secondary = TestFront.http(group);
    open.add(primary);
    open.add(secondary);
    RunnerFixture fixture = new RunnerFixture(TestNetwork.of(4, 3), root.resolve("net"), group);
    open.add(fixture);
    SignedBundle bundle =
        RunnerFixture.signed(fixture.bundle(1, primary.port(), secondary.port(), DOWN_ROUNDS, 50));
    for (int i = 0; i <= fixture.signer(); i++) {
      fixture.writeBundle(i, bundle);
    }
    List<NodeRunner> nodes = new ArrayList<>();
    for (int i = 0; i < fixture.signer(); i++) {
      NodeRunner n = NodeRunner.start(fixture.config(i));
      open.add(n);
      nodes.add(n);
    }
    // the signer writes a zone file, so its signed apply receipts reach the page too
    DemoDns zone = DemoDns.defaultZoneFile();
    NodeRunner signer =
        NodeRunner.start(
            fixture.config(fixture.signer()),
            new SignerDns(
                List.of(zone.provider()),
                Map.of(RunnerFixture.ROUTER, zone.routerRecord()),
                applied -> {}));
    open.add(signer);
    nodes.add(signer);
    Chromium page = Chromium.launch(root.resolve("browser"));
    open.add(page);
    page.viewport(1100, 900, 1, false);
    page.navigate(nodes.get(0).feed().url());

    page.awaitTrue(
        "document.querySelector('"
            + front(TestNetwork.PRIMARY)
            + "')"
            + " && document.querySelector('"
            + front(TestNetwork.SECONDARY)
            + "')",
        WAIT,
        "both fronts are listed");
    page.awaitTrue(activeIs(TestNetwork.PRIMARY), WAIT, "the router is on its primary");
    page.awaitTrue(
        "document.getElementById('live').dataset.live === 'live'"
            + " && document.querySelector('"
            + front(TestNetwork.PRIMARY)
            + " .verdict')"
            + ".dataset.verdict === 'UP'"
            + " && document.querySelectorAll('"
            + front(TestNetwork.PRIMARY)
            + " .bar:not(.small) .c.up').length >= 2",
        WAIT,
        "the primary's verdicts arrive live, UP");
    assertThat(page.text("document.querySelector('" + ROUTER + " .active-host').textContent"))
        .isEqualTo(RunnerFixture.PRIMARY_HOST);
    page.eval("window.__loaded = 1");
    page.screenshot(SHOTS.resolve("network-desktop.png"));

    primary.behave(TestFront.Behaviour.SERVER_ERROR);
    page.awaitTrue(activeIs(TestNetwork.SECONDARY), WAIT, "the failover shows up on the page");
    assertThat(page.eval("window.__loaded").asInt()).as("the page was not reloaded").isEqualTo(1);
    assertThat(page.text("document.querySelector('" + ROUTER + " .active-host').textContent"))
        .isEqualTo(RunnerFixture.SECONDARY_HOST);
    String row = ROUTER + " tbody tr[data-seq=\"1\"]";
    page.awaitTrue("document.querySelector('" + row + "')", WAIT, "the signed decision is listed");
    assertThat(page.text("document.querySelector('" + row + "').textContent"))
        .contains("failover", TestNetwork.PRIMARY, TestNetwork.SECONDARY);
    assertThat(page.text("document.querySelector('" + row + " a').getAttribute('href')"))
        .matches("/v1/decisions/[0-9a-f]{64}/evidence");
    page.awaitTrue(
        "document.querySelector('" + row + " .dns .provider.applied[data-provider=\"zonefile\"]')",
        WAIT,
        "the signer's apply receipt shows the zone file APPLIED, live");
    assertThat(
            page.text(
                "document.querySelector('"
                    + front(TestNetwork.PRIMARY)
                    + " .verdict')"
                    + ".dataset.verdict"))
        .isEqualTo("DOWN");
    page.screenshot(SHOTS.resolve("network-failover-desktop.png"));
    page.viewport(375, 812, 2, true);
    page.awaitTrue("innerWidth === 375", WAIT, "the phone viewport applies");
    page.screenshot(SHOTS.resolve("network-failover-phone.png"));
    assertThat(page.problems()).isEmpty();
  }
}
