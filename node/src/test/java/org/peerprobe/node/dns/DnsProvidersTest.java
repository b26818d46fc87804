package org.peerprobe.node.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.cloudflare.CloudflareConfig;
import org.peerprobe.node.dns.cloudflare.CloudflareProvider;
import org.peerprobe.node.dns.desec.DesecConfig;
import org.peerprobe.node.dns.desec.DesecProvider;
import org.peerprobe.node.dns.powerdns.PowerDnsConfig;
import org.peerprobe.node.dns.powerdns.PowerDnsProvider;
import org.peerprobe.node.dns.rfc2136.Rfc2136Config;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;
import org.peerprobe.node.dns.zonefile.ZoneFileProvider;

/** Providers from specs: one of each type without any traffic, all or none, unique ids. */
class DnsProvidersTest {
  static final String ZONE = "example.test.";
  static final Secret SECRET = Secret.of("R/jRFI/dALyVQ4kuFLOLpRASQpFJMhc8JoB1pxpUM38=", "test");
  static final URI LOOPBACK = URI.create("http://127.0.0.1:9");

  @TempDir Path dir;

  List<ProviderSpec> specs() {
    return List.of(
        new ProviderSpec.Rfc2136(
            Rfc2136Config.builder()
                .id("bind")
                .server("127.0.0.1:9")
                .zone(ZONE)
                .key("k.", SECRET)
                .build()),
        new ProviderSpec.PowerDns(PowerDnsConfig.of("pdns", LOOPBACK, ZONE, SECRET)),
        new ProviderSpec.Cloudflare(
            new CloudflareConfig(
                "cf", LOOPBACK, ZONE, Optional.empty(), SECRET, CloudflareConfig.DEFAULT_TIMEOUT)),
        new ProviderSpec.Desec(
            new DesecConfig("desec", LOOPBACK, ZONE, SECRET, DesecConfig.DEFAULT_TIMEOUT)),
        new ProviderSpec.ZoneFile(
            ZoneFileConfig.builder().id("local").file(dir.resolve("z")).zone(ZONE).build()));
  }

  @Test
  void eachSpecBecomesItsProvider() {
    List<DnsProvider> providers = DnsProviders.open(specs());
    try {
      assertThat(providers)
          .extracting(DnsProvider::id)
          .containsExactly("bind", "pdns", "cf", "desec", "local");
      assertThat(providers).extracting(DnsProvider::zone).containsOnly(ZONE);
      assertThat(providers)
          .extracting(p -> (Object) p.getClass())
          .containsExactly(
              Rfc2136Provider.class,
              PowerDnsProvider.class,
              CloudflareProvider.class,
              DesecProvider.class,
              ZoneFileProvider.class);
    } finally {
      DnsProviders.closeAll(providers);
    }
  }

  @Test
  void whenOneCannotBeCreatedTheOnesAlreadyCreatedAreClosed() {
    List<String> closed = new ArrayList<>();
    List<ProviderSpec> specs = specs();
    assertThatThrownBy(
            () ->
                DnsProviders.open(
                    specs,
                    s -> {
                      if (s.id().equals("desec")) {
                        throw new IllegalArgumentException("desec: cannot be created");
                      }
                      return new Stub(s, closed);
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("desec: cannot be created");
    assertThat(closed).containsExactly("cf", "pdns", "bind");
  }

  @Test
  void twoSpecsWithOneIdAreRefusedBeforeAnythingIsCreated() {
    List<ProviderSpec> specs = new ArrayList<>(specs());
    specs.add(specs.get(0));
    assertThatThrownBy(() -> DnsProviders.open(specs, s -> new Stub(s, new ArrayList<>())))
        .hasMessageContaining("'bind' is used twice");
  }

  /** A provider that only records being closed. */
  private record Stub(ProviderSpec spec, List<String> closed) implements DnsProvider {
    @Override
    public String id() {
      return spec.id();
    }

    @Override
    public String zone() {
      return spec.zone();
    }

    @Override
    public ProviderLimits limits() {
      return ProviderLimits.unlimited(true);
    }

    @Override
    public CompletableFuture<Optional<RecordSet>> read(RecordKey key) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletableFuture<Void> write(RecordWrite write) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
      closed.add(spec.id());
    }
  }
}
