package org.peerprobe.node.dns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.dns.DnsProviderContract.INITIAL_RECORDS;
import static org.peerprobe.node.dns.ProviderCalls.await;
import static org.peerprobe.node.dns.ProviderCalls.failure;
import static org.peerprobe.node.dns.ProviderCalls.failureOrNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;

/** What the contract does not cover: BIND accepts the file, the file's own rules, concurrency. */
class ZoneFileProviderTest {
  static final RecordKey ROUTER = INITIAL_RECORDS.get(0).key();
  static final RecordKey FENCE = RecordKey.of("_peerprobe.web-router.example.test.", "TXT");

  /** Writes per provider in the two-provider test, and rounds of its CAS race. */
  static final int WRITES_PER_PROVIDER = 20;

  static final int RACE_ROUNDS = 10;

  private final ZoneFileFixture fixture = new ZoneFileFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void bindAcceptsTheFileAfterWritesOfEveryType() throws Exception {
    DnsProvider p = fixture.provider();
    await(
        p.write(
            new RecordWrite(
                List.of(
                    RecordSet.of(ROUTER.name(), "CNAME", 30, "cdn2-front.example.test."),
                    RecordSet.of(FENCE.name(), "TXT", 60, "seq=7 \"q\" \\ é " + "x".repeat(300)),
                    RecordSet.of("example.test.", "MX", 300, "10 mx.example.test."),
                    RecordSet.of("example.test.", "CAA", 300, "0 issue \"letsencrypt.org\""),
                    RecordSet.of("mx.example.test.", "A", 300, "127.0.0.2", "127.0.0.3"),
                    RecordSet.of("mx.example.test.", "AAAA", 300, "::1"),
                    RecordSet.of("sub.example.test.", "NS", 300, "ns.elsewhere.test.")),
                List.of())));

    assertThat(namedCheckzone(fixture.file)).contains("loaded serial 2").endsWith("OK\n");
  }

  @Test
  void recordsNotWrittenAreKeptAndTheSerialGoesUp() throws Exception {
    RecordSet moved = RecordSet.of(ROUTER.name(), "CNAME", 60, "cdn2-front.example.test.");
    await(fixture.provider().write(RecordWrite.of(moved)));
    await(fixture.provider().write(RecordWrite.of(moved)));

    for (RecordSet kept : INITIAL_RECORDS.subList(1, INITIAL_RECORDS.size())) {
      assertThat(fixture.observe(kept.key())).contains(kept);
    }
    assertThat(fixture.observe(RecordKey.of("ns1.example.test.", "A"))).isPresent();
    assertThat(fixture.observe(RecordKey.of("example.test.", "NS"))).isPresent();
    assertThat(namedCheckzone(fixture.file)).contains("loaded serial 3");
    try (Stream<Path> left = Files.list(fixture.dir)) {
      assertThat(left).as("no temporary file left").containsExactly(fixture.file);
    }
  }

  @Test
  void aMissingFileIsCreatedWithAMinimalZoneBindAccepts() throws Exception {
    Path file = fixture.dir.resolve("new.zone");
    DnsProvider p = fixture.open(file);
    assertThat(await(p.read(ROUTER))).isEmpty();
    assertThat(namedCheckzone(file)).contains("loaded serial 1");

    RecordSet router = RecordSet.of(ROUTER.name(), "CNAME", 60, "cf-front.example.test.");
    await(p.write(RecordWrite.of(router)));
    assertThat(await(p.read(ROUTER))).contains(router);
    assertThat(namedCheckzone(file)).contains("loaded serial 2");
  }

  @Test
  void aCnameBesideOtherDataIsRejectedAndTheFileUntouched() throws IOException {
    byte[] before = Files.readAllBytes(fixture.file);
    RecordSet txtBesideCname = RecordSet.of(ROUTER.name(), "TXT", 60, "x");
    RecordSet cnameBesideA = RecordSet.of("cf-front.example.test.", "CNAME", 60, "x.example.");
    RecordSet cnameAtApex = RecordSet.of("example.test.", "CNAME", 60, "x.example.");

    for (RecordSet bad : List.of(txtBesideCname, cnameBesideA, cnameAtApex)) {
      assertThat(failure(fixture.provider().write(RecordWrite.of(bad))))
          .isInstanceOf(ProviderException.Rejected.class)
          .hasMessageContaining("CNAME must be alone");
    }
    assertThat(Files.readAllBytes(fixture.file)).isEqualTo(before);
  }

  @Test
  void twoProvidersOfOneFileLoseNoWriteAndLetOneCasWin() {
    DnsProvider a = fixture.provider();
    DnsProvider b = fixture.open(fixture.file);
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < WRITES_PER_PROVIDER; i++) {
      writes.add(
          a.write(
              RecordWrite.of(RecordSet.of("a" + i + ".example.test.", "A", 60, "127.0.1." + i))));
      writes.add(
          b.write(
              RecordWrite.of(RecordSet.of("b" + i + ".example.test.", "A", 60, "127.0.2." + i))));
    }
    writes.forEach(w -> await(w));
    for (int i = 0; i < WRITES_PER_PROVIDER; i++) {
      assertThat(fixture.observe(RecordKey.of("a" + i + ".example.test.", "A"))).isPresent();
      assertThat(fixture.observe(RecordKey.of("b" + i + ".example.test.", "A"))).isPresent();
    }

    await(a.write(RecordWrite.of(RecordSet.of(FENCE.name(), "TXT", 60, "seq=0"))));
    for (int round = 1; round <= RACE_ROUNDS; round++) {
      RecordSet seen = await(a.read(FENCE)).orElseThrow();
      List<Precondition> fromSeen = List.of(new Precondition.HasValues(seen));
      Throwable fa =
          failureOrNull(
              a.write(
                  new RecordWrite(
                      List.of(RecordSet.of(FENCE.name(), "TXT", 60, "a" + round)), fromSeen)));
      Throwable fb =
          failureOrNull(
              b.write(
                  new RecordWrite(
                      List.of(RecordSet.of(FENCE.name(), "TXT", 60, "b" + round)), fromSeen)));
      assertThat(fa == null ^ fb == null).as("exactly one CAS write wins").isTrue();
      assertThat(fa == null ? fb : fa).isInstanceOf(ProviderException.PreconditionFailed.class);
    }
  }

  @Test
  void aFileThatDoesNotParseIsRejectedNamingTheProblem() throws IOException {
    Files.writeString(
        fixture.file,
        "$TTL 60\n@ IN SOA ns1 hostmaster ( 1 3600 600 86400 60 )\nx IN A 999.1.1.1\n");
    assertThat(failure(fixture.provider().read(ROUTER)))
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("not a valid zone file")
        .hasMessageContaining("line 3");

    Files.writeString(fixture.file, "$TTL 60\n$INCLUDE /etc/passwd\n");
    assertThat(failure(fixture.provider().read(ROUTER)))
        .isInstanceOf(ProviderException.Rejected.class);

    Files.writeString(fixture.file, "$TTL 60\nx IN A 127.0.0.1\n");
    assertThat(failure(fixture.provider().read(ROUTER)))
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("no SOA");
  }

  /** {@code named-checkzone}'s output for {@code file}, failing unless it accepts the zone. */
  static String namedCheckzone(Path file) throws IOException, InterruptedException {
    Path tool =
        Stream.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
            .map(d -> Path.of(d, "named-checkzone"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "named-checkzone is not installed (Debian: bind9-utils, pulled in by bind9;"
                            + " see .ci/run)"));
    Process p =
        new ProcessBuilder(tool.toString(), "example.test", file.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("named-checkzone finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("named-checkzone accepts the zone:\n" + out).isZero();
    return out;
  }
}
