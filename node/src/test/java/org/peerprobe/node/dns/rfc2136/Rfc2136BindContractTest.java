package org.peerprobe.node.dns.rfc2136;

import org.peerprobe.node.dns.CredentialContract;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderFixture;

/** The provider contract against a real BIND 9 (a fresh named per test). */
class Rfc2136BindContractTest extends DnsProviderContract implements CredentialContract {
  @Override
  protected ProviderFixture startFixture() {
    return BindFixture.start();
  }
}
