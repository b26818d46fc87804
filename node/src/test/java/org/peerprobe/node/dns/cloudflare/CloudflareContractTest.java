package org.peerprobe.node.dns.cloudflare;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.peerprobe.node.dns.CredentialContract;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderFixture;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.emulator.CloudflareEmulator;
import org.peerprobe.node.dns.http.HttpFixture;

/** The contract against the Cloudflare emulator, the zone id looked up by name. */
class CloudflareContractTest extends DnsProviderContract implements CredentialContract {
  static final String TOKEN = "cf-test-token-Sn3lZJTBX6kk";

  @Override
  protected ProviderFixture startFixture() {
    CloudflareEmulator cf = new CloudflareEmulator(ZONE, TOKEN);
    INITIAL_RECORDS.forEach(r -> cf.seed(r, false));
    return new HttpFixture(
            (url, token, timeout) -> provider(url, token, timeout, Optional.empty()),
            cf.address(),
            TOKEN,
            cf::observe)
        .closing(cf);
  }

  static CloudflareProvider provider(
      URI url, Secret token, Duration timeout, Optional<String> zoneId) {
    return new CloudflareProvider(
        new CloudflareConfig(
            "cloudflare", url.resolve("/client/v4"), ZONE, zoneId, token, timeout));
  }
}
