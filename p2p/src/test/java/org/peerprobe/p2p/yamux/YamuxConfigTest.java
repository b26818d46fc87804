package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class YamuxConfigTest {
  @Test
  void defaultsMatchTheSpecAndJsLibp2p() {
    YamuxConfig c = YamuxConfig.DEFAULT;
    assertThat(c.initialWindow()).isEqualTo(256 * 1024);
    assertThat(c.maxWindow()).isEqualTo(16 * 1024 * 1024);
    assertThat(c.maxInboundStreams()).isEqualTo(256);
    assertThat(c.ackBacklog()).isEqualTo(256);
    assertThat(c.keepAliveInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.keepAliveEnabled()).isTrue();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void invalidSettingsAreNamed() {
    assertThatThrownBy(() -> YamuxConfig.builder().initialWindow(1024).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialWindow");
    assertThatThrownBy(
            () -> YamuxConfig.builder().maxWindow(300 * 1024).initialWindow(1 << 20).build())
        .hasMessageContaining("maxWindow");
    assertThatThrownBy(() -> YamuxConfig.builder().ackBacklog(0).build())
        .hasMessageContaining("ackBacklog");
    assertThatThrownBy(() -> YamuxConfig.builder().pingTimeout(Duration.ZERO).build())
        .hasMessageContaining("pingTimeout");
    assertThatThrownBy(() -> YamuxConfig.builder().maxInboundStreams(-1).build())
        .hasMessageContaining("stream limits");
  }
}
