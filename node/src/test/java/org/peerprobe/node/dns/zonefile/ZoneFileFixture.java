package org.peerprobe.node.dns.zonefile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderFixture;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@link ZoneFileProvider}s on a zone file in a fresh temporary directory, written by hand (as an
 * operator would) with the contract's records plus a comment and relative names.
 */
final class ZoneFileFixture implements ProviderFixture {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final Path dir;
  final Path file;
  private final List<DnsProvider> opened = new ArrayList<>();
  private final DnsProvider provider;

  ZoneFileFixture() {
    try {
      dir = Files.createTempDirectory("peerprobe-zonefile-");
      file = dir.resolve("example.test.zone");
      StringBuilder zone =
          new StringBuilder(
              """
              ; written by hand
              $TTL 60
              @           IN SOA  ns1 hostmaster ( 1 3600 600 86400 60 )
                          IN NS   ns1
              ns1         IN A    127.0.0.1
              """);
      for (RecordSet r : DnsProviderContract.INITIAL_RECORDS) {
        zone.append(r.key().name()).append(' ').append(r.ttl()).append(" IN ");
        zone.append(r.key().type()).append(' ').append(r.values().get(0)).append('\n');
      }
      Files.writeString(file, zone);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    provider = open(file);
  }

  /** A provider of the contract's zone in {@code path}, closed with the fixture. */
  DnsProvider open(Path path) {
    DnsProvider p =
        ZoneFileProvider.open(
            ZoneFileConfig.builder()
                .id("zonefile")
                .file(path)
                .zone(DnsProviderContract.ZONE)
                .timeout(TIMEOUT)
                .build());
    opened.add(p);
    return p;
  }

  @Override
  public DnsProvider provider() {
    return provider;
  }

  @Override
  public DnsProvider withWrongCredentials() {
    throw new UnsupportedOperationException("a zone file has no credentials");
  }

  @Override
  public DnsProvider unreachable() {
    return open(dir.resolve("no-such-directory").resolve("example.test.zone"));
  }

  @Override
  public String credential() {
    throw new UnsupportedOperationException("a zone file has no credentials");
  }

  /** The RRset as the file holds it, parsed by dnsjava's Master independently of the provider. */
  @Override
  public Optional<RecordSet> observe(RecordKey key) {
    List<String> values = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    try (Master m = new Master(file.toString(), Name.fromString(DnsProviderContract.ZONE))) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        if (r.getName().equals(Name.fromString(key.name()))
            && r.getType() == Type.value(key.type())) {
          values.add(r instanceof TXTRecord t ? joined(t) : r.rdataToString());
          ttl = Math.min(ttl, r.getTTL());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(key, ttl, values));
  }

  private static String joined(TXTRecord t) {
    StringBuilder sb = new StringBuilder();
    t.getStringsAsByteArrays().forEach(b -> sb.append(new String(b, StandardCharsets.UTF_8)));
    return sb.toString();
  }

  @Override
  public void close() {
    opened.forEach(DnsProvider::close);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
