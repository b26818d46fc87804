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

  /** The same zone through a provider whose credentials are wrong. */
  DnsProvider withWrongCredentials();

  /**
   * False for a provider that has no credential at all (the zone file): the contract then skips its
   * wrong-credential test and calls neither {@link #withWrongCredentials()} nor {@link
   * #credential()}.
   */
  default boolean hasCredentials() {
    return true;
  }

  /** A provider for the same zone pointed at an address where nothing answers. */
  DnsProvider unreachable();

  /** The credential the valid provider uses, to check it never leaks into messages. */
  String credential();

  /**
   * What the zone holds for {@code key}, read around the provider (a DNS query to the real server,
   * the emulator's state, the zone file): proof that a write landed where resolvers see it.
   */
  Optional<RecordSet> observe(RecordKey key);

  @Override
  void close();
}
