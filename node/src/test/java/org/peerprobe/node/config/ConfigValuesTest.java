package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Ratio;

class ConfigValuesTest {
  @Test
  void durations() {
    assertThat(ConfigValues.durationMillis("250ms")).isEqualTo(250);
    assertThat(ConfigValues.durationMillis("10s")).isEqualTo(10_000);
    assertThat(ConfigValues.durationMillis("10")).isEqualTo(10_000);
    assertThat(ConfigValues.durationMillis("2m")).isEqualTo(120_000);
    assertThat(ConfigValues.durationMillis("1h")).isEqualTo(3_600_000);
    assertThatThrownBy(() -> ConfigValues.durationMillis("1.5s"))
        .hasMessageContaining("not a duration");
    assertThatThrownBy(() -> ConfigValues.seconds(1, 60).parse("1500ms"))
        .hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> ConfigValues.seconds(1, 60).parse("2m"))
        .hasMessageContaining("must be 1s..60s, was 120s");
    assertThat(BundleSourceWriter.duration(1500)).isEqualTo("1500ms");
    assertThat(BundleSourceWriter.duration(120_000)).isEqualTo("2m");
  }

  @Test
  void fractionsKeysAndFlags() {
    assertThat(ConfigValues.ratio(" 2 / 3 ")).isEqualTo(new Ratio(2, 3));
    assertThatThrownBy(() -> ConfigValues.ratio("0.66")).hasMessageContaining("not a fraction");
    assertThat(ConfigValues.publicKey(ConfigTesting.PEER_ID).hex())
        .isEqualTo(ConfigTesting.PEER_KEY_HEX);
    assertThat(
            ConfigValues.publicKey(ConfigTesting.PEER_KEY_HEX.toUpperCase(java.util.Locale.ROOT))
                .hex())
        .isEqualTo(ConfigTesting.PEER_KEY_HEX);
    assertThat(ConfigValues.bool("Off")).isFalse();
    assertThatThrownBy(() -> ConfigValues.bool("maybe")).hasMessageContaining("not true or false");
  }

  @Test
  void hostPorts() {
    assertThat(HostPort.parse("127.0.0.1:8080", -1)).isEqualTo(new HostPort("127.0.0.1", 8080));
    assertThat(HostPort.parse("[::1]", 53)).isEqualTo(new HostPort("::1", 53));
    assertThat(HostPort.parse("localhost:0", -1).isIpLiteral()).isFalse();
    assertThat(new HostPort("::1", 53).toString()).isEqualTo("[::1]:53");
    assertThatThrownBy(() -> HostPort.parse("::1:53", 53)).hasMessageContaining("brackets");
    assertThatThrownBy(() -> HostPort.parse("host:99999", -1)).hasMessageContaining("port must be");
    assertThatThrownBy(() -> HostPort.parse("bad_host:1", -1))
        .hasMessageContaining("not a host name");
  }

  @Test
  void environmentSubstitution() {
    Map<String, String> env = Map.of("A", "x", "EMPTY", "");
    assertThat(EnvSubstitution.substitute("${A}-${B:-d}-${EMPTY:-e}-$$-$5", env::get).text())
        .isEqualTo("x-d-e-$-$5");
    assertThat(EnvSubstitution.substitute("${A}${B:-}", env::get).variables())
        .containsExactly("A", "B");
    assertThat(EnvSubstitution.substitute("plain", env::get).variables()).isEmpty();
    assertThatThrownBy(() -> EnvSubstitution.substitute("${B}", env::get))
        .hasMessage("environment variable B is not set");
    assertThatThrownBy(() -> EnvSubstitution.substitute("${A", env::get))
        .hasMessageContaining("closing");
    assertThatThrownBy(() -> EnvSubstitution.substitute("${1A}", env::get))
        .hasMessageContaining("not a variable reference");
  }
}
