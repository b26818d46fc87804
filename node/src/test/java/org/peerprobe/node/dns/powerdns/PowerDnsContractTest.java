package org.peerprobe.node.dns.powerdns;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.peerprobe.node.dns.CredentialContract;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderFixture;
import org.peerprobe.node.dns.http.HttpFixture;

/**
 * The contract against a real {@code pdns_server}: one server per class, the zone reloaded before
 * every test, every write observed over DNS with dnsjava.
 */
class PowerDnsContractTest extends DnsProviderContract implements CredentialContract {
  private static PowerDnsServer server;

  @BeforeAll
  static void startServer() throws IOException {
    server = PowerDnsServer.start(ZONE, INITIAL_RECORDS);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected ProviderFixture startFixture() throws IOException {
    server.reset(ZONE, INITIAL_RECORDS);
    return new HttpFixture(
        (url, key, timeout) ->
            new PowerDnsProvider(
                new PowerDnsConfig(
                    "pdns", url, PowerDnsConfig.DEFAULT_SERVER_ID, ZONE, key, timeout)),
        server.apiUrl(),
        PowerDnsServer.API_KEY,
        server::observe);
  }
}
