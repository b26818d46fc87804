package org.peerprobe.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.host.TrafficCounter;

/** The gossip host's byte counters, as Prometheus scrapes them. */
class NodeMetricsTest {
  @Test
  void p2pBytesAreReadFromTheHostsCounterAtEachScrape() {
    NodeMetrics metrics = new NodeMetrics(Duration.ofSeconds(10));
    TrafficCounter traffic = new TrafficCounter();
    metrics.p2pTraffic(traffic);
    EmbeddedChannel ch = new EmbeddedChannel(traffic);

    assertThat(metrics.scrape())
        .contains("peerprobe_p2p_bytes_total{direction=\"sent\"} 0.0")
        .contains("peerprobe_p2p_bytes_total{direction=\"received\"} 0.0");

    ch.writeOutbound(Unpooled.wrappedBuffer(new byte[1500]));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[600]));

    assertThat(metrics.scrape())
        .contains("peerprobe_p2p_bytes_total{direction=\"sent\"} 1500.0")
        .contains("peerprobe_p2p_bytes_total{direction=\"received\"} 600.0");
    ch.finishAndReleaseAll();
  }
}
