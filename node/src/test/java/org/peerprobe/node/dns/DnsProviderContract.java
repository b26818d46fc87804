package org.peerprobe.node.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DnsProvider} must have, run against each implementation (a real BIND,
 * a real PowerDNS, the Cloudflare and deSEC emulators, the zone file). Subclasses supply a fresh
 * {@link ProviderFixture} per test.
 */
public abstract class DnsProviderContract {
  public static final String ZONE = "example.test.";

  /** What the zone holds before every test (beside SOA and NS). */
  public static final List<RecordSet> INITIAL_RECORDS =
      List.of(
          RecordSet.of("web-router.example.test.", "CNAME", 60, "cf-front.example.test."),
          RecordSet.of("cf-front.example.test.", "A", 60, "127.0.0.10"),
          RecordSet.of("cdn2-front.example.test.", "A", 60, "127.0.0.11"));

  /** Longest any single provider call may take in these tests. */
  public static final Duration CALL_DEADLINE = Duration.ofSeconds(15);

  static final RecordKey ROUTER = RecordKey.of("web-router.example.test.", "CNAME");
  static final RecordKey FENCE = RecordKey.of("_peerprobe.web-router.example.test.", "TXT");
  static final RecordKey CF_FRONT = RecordKey.of("cf-front.example.test.", "A");

  protected ProviderFixture fixture;

  protected abstract ProviderFixture startFixture() throws Exception;

  @BeforeEach
  void startProvider() throws Exception {
    fixture = startFixture();
  }

  @AfterEach
  void stopProvider() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** A TTL every provider accepts for new records. */
  protected long ttl() {
    return Math.max(60, fixture.provider().limits().minimumTtl());
  }

  @Test
  void readsAnExistingRrset() {
    assertThat(await(fixture.provider().read(ROUTER)))
        .hasValueSatisfying(r -> assertThat(r.values()).containsExactly("cf-front.example.test."));
  }

  @Test
  void readOfAMissingRrsetIsEmpty() {
    assertThat(await(fixture.provider().read(FENCE))).isEmpty();
    assertThat(await(fixture.provider().read(RecordKey.of("nothing.example.test.", "A"))))
        .isEmpty();
  }

  @Test
  void aWriteReplacesTheRrsetAndLeavesEveryOtherRecordAlone() {
    RecordSet moved = RecordSet.of(ROUTER.name(), "CNAME", ttl(), "cdn2-front.example.test.");
    await(fixture.provider().write(RecordWrite.of(moved)));

    assertThat(await(fixture.provider().read(ROUTER)))
        .hasValueSatisfying(r -> sameValues(r, moved));
    assertThat(fixture.observe(ROUTER)).hasValueSatisfying(r -> sameValues(r, moved));
    for (RecordSet untouched : INITIAL_RECORDS.subList(1, INITIAL_RECORDS.size())) {
      assertThat(fixture.observe(untouched.key()))
          .hasValueSatisfying(r -> assertThat(r.values()).isEqualTo(untouched.values()));
    }
  }

  @Test
  void aTxtValueWithSpacesAndQuotesSurvivesTheRoundTrip() {
    RecordSet txt = RecordSet.of(FENCE.name(), "TXT", ttl(), "seq=7 decision=ab\"cd 12");
    await(fixture.provider().write(RecordWrite.of(txt)));

    assertThat(await(fixture.provider().read(FENCE))).hasValueSatisfying(r -> sameValues(r, txt));
    assertThat(fixture.observe(FENCE)).hasValueSatisfying(r -> sameValues(r, txt));
  }

  @Test
  void severalRrsetsAreWrittenTogether() {
    RecordSet router = RecordSet.of(ROUTER.name(), "CNAME", ttl(), "cdn2-front.example.test.");
    RecordSet fence = RecordSet.of(FENCE.name(), "TXT", ttl(), "seq=1");
    await(fixture.provider().write(new RecordWrite(List.of(router, fence), List.of())));

    assertThat(fixture.observe(ROUTER)).hasValueSatisfying(r -> sameValues(r, router));
    assertThat(fixture.observe(FENCE)).hasValueSatisfying(r -> sameValues(r, fence));
  }

  @Test
  void aWriteWhosePreconditionHoldsGoesAhead() {
    RecordSet fence1 = RecordSet.of(FENCE.name(), "TXT", ttl(), "seq=1");
    await(
        fixture
            .provider()
            .write(new RecordWrite(List.of(fence1), List.of(new Precondition.Absent(FENCE)))));
    RecordSet fence2 = RecordSet.of(FENCE.name(), "TXT", ttl(), "seq=2");
    await(
        fixture
            .provider()
            .write(new RecordWrite(List.of(fence2), List.of(new Precondition.HasValues(fence1)))));

    assertThat(fixture.observe(FENCE)).hasValueSatisfying(r -> sameValues(r, fence2));
  }

  @Test
  void aWriteWhosePreconditionFailsChangesNothing() {
    RecordSet fence5 = RecordSet.of(FENCE.name(), "TXT", ttl(), "seq=5");
    await(fixture.provider().write(RecordWrite.of(fence5)));

    RecordSet staleRouter = RecordSet.of(ROUTER.name(), "CNAME", ttl(), "cdn2-front.example.test.");
    RecordSet staleFence = RecordSet.of(FENCE.name(), "TXT", ttl(), "seq=4");
    RecordWrite stale =
        new RecordWrite(
            List.of(staleRouter, staleFence),
            List.of(new Precondition.HasValues(RecordSet.of(FENCE.name(), "TXT", ttl(), "seq=3"))));
    assertThatThrownBy(() -> await(fixture.provider().write(stale)))
        .isInstanceOf(ProviderException.PreconditionFailed.class);
    RecordWrite notAbsent =
        new RecordWrite(List.of(staleRouter), List.of(new Precondition.Absent(FENCE)));
    assertThatThrownBy(() -> await(fixture.provider().write(notAbsent)))
        .isInstanceOf(ProviderException.PreconditionFailed.class);

    assertThat(fixture.observe(FENCE)).hasValueSatisfying(r -> sameValues(r, fence5));
    assertThat(fixture.observe(ROUTER))
        .hasValueSatisfying(r -> assertThat(r.values()).containsExactly("cf-front.example.test."));
  }

  @Test
  void concurrentWritesToDifferentRrsetsBothLand() {
    RecordSet a = RecordSet.of("a.example.test.", "A", ttl(), "127.0.0.21");
    RecordSet b = RecordSet.of("b.example.test.", "A", ttl(), "127.0.0.22");
    CompletableFuture<Void> wa = fixture.provider().write(RecordWrite.of(a));
    CompletableFuture<Void> wb = fixture.provider().write(RecordWrite.of(b));
    await(wa);
    await(wb);

    assertThat(fixture.observe(a.key())).hasValueSatisfying(r -> sameValues(r, a));
    assertThat(fixture.observe(b.key())).hasValueSatisfying(r -> sameValues(r, b));
  }

  @Test
  void aTtlBelowTheProvidersMinimumIsRejectedBeforeAnythingChanges() {
    long min = fixture.provider().limits().minimumTtl();
    if (min == 0) {
      assertThat(min).as("a provider without a minimum TTL accepts 0").isZero();
      return;
    }
    RecordSet tooShort = RecordSet.of(ROUTER.name(), "CNAME", min - 1, "cdn2-front.example.test.");
    assertThatThrownBy(() -> await(fixture.provider().write(RecordWrite.of(tooShort))))
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("TTL");
    assertThat(fixture.observe(ROUTER))
        .hasValueSatisfying(r -> assertThat(r.values()).containsExactly("cf-front.example.test."));
  }

  @Test
  void anUnreachableProviderFailsAsUnavailableWithinItsTimeout() {
    try (DnsProvider down = fixture.unreachable()) {
      Throwable read = catchFailure(down.read(ROUTER));
      assertThat(read).isInstanceOf(ProviderException.Unavailable.class);
      assertThat(((ProviderException) read).retryable()).isTrue();
      RecordSet moved = RecordSet.of(ROUTER.name(), "CNAME", ttl(), "cdn2-front.example.test.");
      assertThat(catchFailure(down.write(RecordWrite.of(moved))))
          .isInstanceOf(ProviderException.Unavailable.class);
    }
  }

  @Test
  void theProviderDescribesItselfWithoutItsCredential() {
    DnsProvider p = fixture.provider();
    assertThat(p.zone()).isEqualTo(ZONE);
    assertThat(p.id()).isNotBlank();
  }

  /** The fixture of the running test. */
  public ProviderFixture fixture() {
    return fixture;
  }

  private static void sameValues(RecordSet actual, RecordSet expected) {
    assertThat(actual.values()).containsExactlyInAnyOrderElementsOf(expected.values());
  }

  /** Waits for {@code f} at most {@link #CALL_DEADLINE}; rethrows a provider failure unwrapped. */
  protected static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CompletionException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("provider call took longer than " + CALL_DEADLINE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The failure of {@code f} (unwrapped), failing the test if it succeeds. */
  protected static Throwable catchFailure(CompletableFuture<?> f) {
    try {
      await(f);
    } catch (RuntimeException e) {
      return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
    throw new AssertionError("expected the provider call to fail, but it succeeded");
  }
}
