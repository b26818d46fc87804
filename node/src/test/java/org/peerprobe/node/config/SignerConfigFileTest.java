package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.config.ConfigTesting.PEER_ID;
import static org.peerprobe.node.config.ConfigTesting.errors;
import static org.peerprobe.node.config.ConfigTesting.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.ProviderSpec;

/** The {@code signer:} section of node.yaml: providers, router names, timings, and its errors. */
class SignerConfigFileTest {
  @TempDir Path dir;

  @Test
  void aSignerSectionListsProvidersAndRouterNames() {
    Path f =
        file(
            dir,
            "node.yaml",
            "network: AS3320",
            "trustedOperator: " + PEER_ID,
            "signer:",
            "  reconcileEvery: 30s",
            "  takeoverDelay: 20s",
            "  routers:",
            "    web-router: www.example.com.",
            "  providers:",
            "    - id: local",
            "      type: zonefile",
            "      zone: example.com.",
            "      file: zones/example.com.zone");
    NodeConfig c = NodeConfigFile.load(f, Map.<String, String>of()::get);
    SignerConfig s = c.signer().orElseThrow();
    assertThat(s.providers()).hasSize(1).first().isInstanceOf(ProviderSpec.ZoneFile.class);
    assertThat(s.routers()).containsEntry("web-router", "www.example.com.");
    assertThat(s.reconcileEvery()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.takeoverDelay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.toBuilder().build().signer()).contains(s);
  }

  @Test
  void withoutASignerSectionTheNodeWritesNoDns() {
    Path f = file(dir, "node.yaml", "network: AS3320", "trustedOperator: " + PEER_ID);
    assertThat(NodeConfigFile.load(f, Map.<String, String>of()::get).signer()).isEmpty();
  }

  @Test
  void signerErrorsNameTheFieldAndLineAndNeverTheSecret() {
    Path f =
        file(
            dir,
            "node.yaml",
            "network: AS3320",
            "trustedOperator: " + PEER_ID,
            "signer:",
            "  reconcile: 30s",
            "  providers:",
            "    - id: desec",
            "      type: desec",
            "      zone: example.com.",
            "      tokenEnv: DESEC_TOKEN",
            "      url: not a url");
    List<ConfigError> errors =
        errors(() -> NodeConfigFile.load(f, Map.of("DESEC_TOKEN", "s3cr3t-token-value")::get));
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo("signer.reconcile");
              assertThat(e.line()).isEqualTo(4);
            });
    assertThat(errors).anySatisfy(e -> assertThat(e.field()).startsWith("signer.providers[0]"));
    assertThat(errors.toString()).doesNotContain("s3cr3t-token-value");
  }
}
