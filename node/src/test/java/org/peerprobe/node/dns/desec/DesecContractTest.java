package org.peerprobe.node.dns.desec;

import org.peerprobe.node.dns.CredentialContract;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderFixture;
import org.peerprobe.node.dns.emulator.DesecEmulator;
import org.peerprobe.node.dns.http.HttpFixture;

/** The contract against the deSEC emulator (minimum TTL 3600, as on desec.io). */
class DesecContractTest extends DnsProviderContract implements CredentialContract {
  static final String TOKEN = "desec-test-token-9b7e2f";

  @Override
  protected ProviderFixture startFixture() {
    DesecEmulator desec = new DesecEmulator(ZONE, TOKEN);
    INITIAL_RECORDS.forEach(desec::seed);
    return new HttpFixture(DesecContractTest::provider, desec.address(), TOKEN, desec::observe)
        .closing(desec);
  }

  static DesecProvider provider(
      java.net.URI url, org.peerprobe.node.dns.Secret token, java.time.Duration timeout) {
    return new DesecProvider(
        new DesecConfig("desec", url.resolve("/api/v1"), ZONE, token, timeout));
  }
}
