package org.peerprobe.node.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The part of the contract for providers that hold a credential (every one but the zone file): a
 * wrong credential fails as {@link ProviderException.AuthFailed} and changes nothing, and the
 * credential never shows in a message or a {@code toString}. Implemented by the contract test of
 * each such provider, beside {@link DnsProviderContract}.
 */
public interface CredentialContract {
  ProviderFixture fixture();

  @Test
  default void wrongCredentialsFailAsAuthWithoutLeakingTheCredential() {
    ProviderFixture f = fixture();
    try (DnsProvider wrong = f.withWrongCredentials()) {
      RecordSet moved =
          RecordSet.of(
              DnsProviderContract.ROUTER.name(),
              "CNAME",
              Math.max(60, f.provider().limits().minimumTtl()),
              "cdn2-front.example.test.");
      Throwable thrown = DnsProviderContract.catchFailure(wrong.write(RecordWrite.of(moved)));
      assertThat(thrown).isInstanceOf(ProviderException.AuthFailed.class);
      for (Throwable c = thrown; c != null; c = c.getCause()) {
        assertThat(String.valueOf(c.getMessage())).doesNotContain(f.credential());
        assertThat(c.toString()).doesNotContain(f.credential());
      }
    }
    assertThat(f.observe(DnsProviderContract.ROUTER))
        .hasValueSatisfying(r -> assertThat(r.values()).containsExactly("cf-front.example.test."));
  }

  @Test
  default void theCredentialNeverShowsInTheProvidersDescription() {
    assertThat(fixture().provider().toString()).doesNotContain(fixture().credential());
    assertThat(fixture().withWrongCredentials().toString()).doesNotContain(fixture().credential());
  }
}
