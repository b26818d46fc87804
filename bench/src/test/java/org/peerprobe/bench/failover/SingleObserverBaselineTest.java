package org.peerprobe.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.demo.LocalFront;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.testing.BindServer;

/** The baseline and the watch against a real front and a real BIND. */
class SingleObserverBaselineTest {
  private static final String RECORD = "web-router-baseline." + Testbed.ZONE;
  private static final long DEADLINE_S = 10;

  @Test
  void switchesOnTheFirstFailedCheckAndBackOnTheFirstGoodOne() throws Exception {
    String primary = Testbed.host(Testbed.PRIMARY);
    String secondary = Testbed.host(Testbed.SECONDARY);
    NioEventLoopGroup io = new NioEventLoopGroup(1);
    try (BindServer bind = BindServer.start(Testbed.ZONE, Testbed.initialRecords(RECORD));
        LocalFront front = LocalFront.start(Testbed.PRIMARY, io);
        CnameWatch watch = new CnameWatch(bind.address(), List.of(RECORD));
        Rfc2136Provider dns = Rfc2136Provider.open(bind.providerConfig().build());
        SingleObserverBaseline baseline =
            new SingleObserverBaseline(
                URI.create("http://127.0.0.1:" + front.port() + "/"),
                RECORD,
                primary,
                secondary,
                dns,
                Duration.ofSeconds(1))) {
      assertThat(watch.when(RECORD, primary).get(DEADLINE_S, TimeUnit.SECONDS).target())
          .isEqualTo(primary);
      baseline.start(Duration.ZERO, Duration.ofMillis(100));

      long broke = System.currentTimeMillis();
      front.setHealthy(false);
      CnameWatch.Seen failedOver = watch.when(RECORD, secondary).get(DEADLINE_S, TimeUnit.SECONDS);
      SingleObserverBaseline.Switch check = baseline.switchTo(secondary, broke).orElseThrow();
      assertThat(check.checkedAtMs()).isBetween(broke, failedOver.atMillis());
      assertThat(bind.observe(org.peerprobe.node.dns.RecordKey.of(RECORD, "CNAME")))
          .hasValueSatisfying(rs -> assertThat(rs.values()).containsExactly(secondary));

      long healed = System.currentTimeMillis();
      front.setHealthy(true);
      watch.when(RECORD, primary).get(DEADLINE_S, TimeUnit.SECONDS);
      assertThat(baseline.switchTo(primary, healed)).isPresent();
    } finally {
      io.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }
}
