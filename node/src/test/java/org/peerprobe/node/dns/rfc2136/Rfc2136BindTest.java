package org.peerprobe.node.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.dns.DnsProviderContract.INITIAL_RECORDS;
import static org.peerprobe.node.dns.ProviderCalls.await;
import static org.peerprobe.node.dns.ProviderCalls.failure;
import static org.peerprobe.node.dns.ProviderCalls.failureOrNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.ProviderCalls;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.testing.BindServer;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Update;

/** What the contract does not cover: BIND's refusals, other keys, the CAS race, big TXT values. */
class Rfc2136BindTest {
  static final RecordKey ROUTER = RecordKey.of("web-router.example.test.", "CNAME");
  static final RecordKey FENCE = RecordKey.of("_peerprobe.web-router.example.test.", "TXT");
  static final RecordSet MOVED =
      RecordSet.of(ROUTER.name(), "CNAME", 60, "cdn2-front.example.test.");

  /** Rounds of the CAS race; each is a fresh pair of writes from one read. */
  static final int RACE_ROUNDS = 10;

  /** Writes in flight at once in the pipelining test. */
  static final int CONCURRENT_WRITES = 32;

  private BindFixture fixture;

  @BeforeEach
  void start() {
    fixture = BindFixture.start();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void theServerRefusesAnUnsignedUpdate() throws IOException {
    Update unsigned = new Update(Name.fromString("example.test."));
    unsigned.replace(Name.fromString(ROUTER.name()), org.xbill.DNS.Type.CNAME, 60, "x.example.");
    SimpleResolver plain = new SimpleResolver(fixture.bind.address());
    plain.setTCP(true);
    Message reply = plain.send(unsigned);

    assertThat(Rcode.string(reply.getRcode())).isEqualTo("REFUSED");
    assertUnchanged();
  }

  @Test
  void aKeyWithoutAGrantIsAuthFailedNamingThePolicy() {
    DnsProvider noGrant =
        fixture.open(
            fixture
                .config()
                .key(BindServer.KEY_NO_GRANT_NAME, Secret.of(BindServer.KEY_NO_GRANT_SECRET, "k"))
                .build());
    Throwable t = failure(noGrant.write(RecordWrite.of(MOVED)));

    assertThat(t)
        .isInstanceOf(ProviderException.AuthFailed.class)
        .hasMessageContaining("REFUSED")
        .hasMessageContaining("update-policy");
    assertThat(((ProviderException) t).retryable()).isFalse();
    assertUnchanged();
  }

  @Test
  void anUnknownKeyNameOrAlgorithmIsAuthFailed() {
    Secret secret = Secret.of(BindServer.KEY_SECRET, "k");
    DnsProvider unknownName = fixture.open(fixture.config().key("nobody.", secret).build());
    DnsProvider wrongAlgorithm =
        fixture.open(
            fixture.config().key(BindServer.KEY_NAME, TsigAlgorithm.HMAC_SHA512, secret).build());

    assertThat(failure(unknownName.write(RecordWrite.of(MOVED))))
        .isInstanceOf(ProviderException.AuthFailed.class)
        .hasMessageContaining("BADKEY");
    assertThat(failure(wrongAlgorithm.read(ROUTER)))
        .isInstanceOf(ProviderException.AuthFailed.class);
    assertUnchanged();
  }

  @Test
  void anHmacSha512KeyWritesAndReads() {
    DnsProvider sha512 =
        fixture.open(
            fixture
                .config()
                .key(
                    BindServer.KEY_512_NAME,
                    TsigAlgorithm.HMAC_SHA512,
                    Secret.of(BindServer.KEY_512_SECRET, "k"))
                .build());
    await(sha512.write(RecordWrite.of(MOVED)));

    assertThat(await(sha512.read(ROUTER))).hasValueSatisfying(r -> assertThat(r).isEqualTo(MOVED));
  }

  @Test
  void overUdpTooAWriteLandsAndReadsBack() {
    DnsProvider udp = fixture.open(fixture.config().tcp(false).build());
    await(udp.write(RecordWrite.of(MOVED)));

    assertThat(await(udp.read(ROUTER))).contains(MOVED);
    assertThat(fixture.observe(ROUTER)).contains(MOVED);
  }

  @Test
  void manyConcurrentWritesOnOneConnectionAllLand() {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < CONCURRENT_WRITES; i++) {
      RecordSet a = RecordSet.of("w" + i + ".example.test.", "A", 60, "127.0.3." + i);
      writes.add(fixture.provider().write(RecordWrite.of(a)));
    }
    writes.forEach(ProviderCalls::await);

    for (int i = 0; i < CONCURRENT_WRITES; i++) {
      assertThat(fixture.observe(RecordKey.of("w" + i + ".example.test.", "A")))
          .hasValueSatisfying(r -> assertThat(r.values()).hasSize(1));
    }
  }

  @Test
  void ofTwoConcurrentCompareAndSetWritesFromOneReadExactlyOneWins() {
    DnsProvider p = fixture.provider();
    await(p.write(RecordWrite.of(RecordSet.of(FENCE.name(), "TXT", 60, "seq=0"))));
    for (int round = 1; round <= RACE_ROUNDS; round++) {
      RecordSet seen = await(p.read(FENCE)).orElseThrow();
      RecordSet a = RecordSet.of(FENCE.name(), "TXT", 60, "seq=" + round + " by=a");
      RecordSet b = RecordSet.of(FENCE.name(), "TXT", 60, "seq=" + round + " by=b");
      List<Precondition> fromSeen = List.of(new Precondition.HasValues(seen));
      CompletableFuture<Void> wa = p.write(new RecordWrite(List.of(a), fromSeen));
      CompletableFuture<Void> wb = p.write(new RecordWrite(List.of(b), fromSeen));
      Throwable fa = failureOrNull(wa);
      Throwable fb = failureOrNull(wb);

      assertThat(fa == null ^ fb == null).as("exactly one of two CAS writes wins").isTrue();
      RecordSet winner = fa == null ? a : b;
      Throwable loser = fa == null ? fb : fa;
      assertThat(loser).isInstanceOf(ProviderException.PreconditionFailed.class);
      assertThat(((ProviderException.PreconditionFailed) loser).actual())
          .hasValueSatisfying(r -> assertThat(r.values()).isEqualTo(winner.values()));
      assertThat(fixture.observe(FENCE))
          .hasValueSatisfying(r -> assertThat(r.values()).isEqualTo(winner.values()));
    }
  }

  @Test
  void longAndNonAsciiTxtValuesSurviveTheRoundTrip() {
    String longValue = "v=" + "0123456789abcdef".repeat(40) + " \\ \" end";
    RecordSet txt = RecordSet.of(FENCE.name(), "TXT", 60, longValue, "café ✓ \"quoted\"");
    await(fixture.provider().write(RecordWrite.of(txt)));

    assertThat(await(fixture.provider().read(FENCE)))
        .hasValueSatisfying(r -> assertThat(r.values()).hasSameElementsAs(txt.values()));
    assertThat(fixture.observe(FENCE))
        .hasValueSatisfying(r -> assertThat(r.values()).hasSameElementsAs(txt.values()));
  }

  @Test
  void dataBesideACnameIsRejectedInsteadOfSilentlyIgnored() {
    RecordSet beside = RecordSet.of(ROUTER.name(), "TXT", 60, "would be ignored by the server");
    Throwable t = failure(fixture.provider().write(RecordWrite.of(beside)));

    assertThat(t).isInstanceOf(ProviderException.Rejected.class).hasMessageContaining("CNAME");
    assertThat(fixture.observe(beside.key())).isEmpty();
    assertUnchanged();
  }

  @Test
  void aValueInvalidForItsTypeIsRejectedBeforeSending() {
    RecordSet bad = RecordSet.of("cf-front.example.test.", "A", 60, "127.0.0.300");
    assertThat(failure(fixture.provider().write(RecordWrite.of(bad))))
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("127.0.0.300");
    RecordSet outside = RecordSet.of("www.example.org.", "A", 60, "127.0.0.1");
    assertThat(failure(fixture.provider().write(RecordWrite.of(outside))))
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("not in zone");
  }

  private void assertUnchanged() {
    assertThat(fixture.observe(ROUTER)).contains(INITIAL_RECORDS.get(0));
  }
}
