package org.peerprobe.node.zone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.node.dns.ProviderSpec;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;
import org.peerprobe.p2p.testing.JavaPeer;

/** Declared records, specs and waiting, for the zone sync tests. */
final class ZoneTesting {
  static final String ZONE = "example.test.";

  /** Longest any plan or apply may take in these tests (loopback answers in milliseconds). */
  static final Duration WAIT = Duration.ofSeconds(30);

  private ZoneTesting() {}

  /** A declared RRset; {@code name} relative to {@link #ZONE} ({@code @}: the apex). */
  static DeclaredRecord rec(String name, String type, long ttl, String... values) {
    String abs = ZoneRules.absoluteName(ZONE, name);
    return new DeclaredRecord(RecordSet.of(abs, type, ttl, values), "zone.yaml records " + name);
  }

  static ProviderSpec zoneFile(String id, Path file) {
    return new ProviderSpec.ZoneFile(
        ZoneFileConfig.builder()
            .id(id)
            .file(file)
            .zone(ZONE)
            .timeout(Duration.ofSeconds(5))
            .build());
  }

  static ZoneSpec spec(List<ProviderSpec> providers, List<DeclaredRecord> records) {
    return new ZoneSpec(ZONE, providers, records);
  }

  static <T> T await(CompletableFuture<T> f) {
    return JavaPeer.await(f, WAIT);
  }
}
