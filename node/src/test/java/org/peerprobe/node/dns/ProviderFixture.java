package org.peerprobe.node.dns;

import java.util.Optional;

/**
 * One implementation under the {@link DnsProviderContract}: a provider for zone {@link
 * DnsProviderContract#ZONE} holding exactly {@link DnsProviderContract#INITIAL_RECORDS} (plus the
 * SOA/NS a server needs), and ways to reach the same zone around the provider.
 */
public interface ProviderFixture extends AutoCloseable {
  /** The provider under test, with valid credentials. */
  DnsProvider provider();

  /**
   * The same zone through a provider whose credentials are wrong. Used by {@link
   * CredentialContract} only; a provider without credentials (the zone file) throws.
   */
  DnsProvider withWrongCredentials();

  /** A provider for the same zone pointed at an address where nothing answers. */
  DnsProvider unreachable();

  /**
   * The credential the valid provider uses, to check it never leaks into messages ({@link
   * CredentialContract} only).
   */
  String credential();

  /**
   * What the zone holds for {@code key}, read around the provider (a DNS query to the real server,
   * the emulator's state, the zone file): proof that a write landed where resolvers see it.
   */
  Optional<RecordSet> observe(RecordKey key);

  @Override
  void close();
}
