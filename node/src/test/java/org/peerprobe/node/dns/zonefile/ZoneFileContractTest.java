package org.peerprobe.node.dns.zonefile;

import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderFixture;

/**
 * The provider contract on a zone file. The wrong-credential test is skipped: a zone file has no
 * credential; its nearest equivalent, a permission error, is tested in {@link ZoneFileStoreTest}.
 */
class ZoneFileContractTest extends DnsProviderContract {
  @Override
  protected ProviderFixture startFixture() {
    return new ZoneFileFixture();
  }
}
