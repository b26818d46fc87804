package org.peerprobe.node.dns.rfc2136;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderFixture;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.testing.BindServer;
import org.peerprobe.p2p.testing.LoopbackPorts;

/** {@link Rfc2136Provider}s on a {@link BindServer} serving the contract's zone. */
final class BindFixture implements ProviderFixture {
  /** Timeout of the providers under test: short, loopback answers in milliseconds. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** A well-formed secret that is not the server's. */
  static final String WRONG_SECRET = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  final BindServer bind;
  private final List<DnsProvider> opened = new ArrayList<>();
  private final DnsProvider provider;

  BindFixture(BindServer bind) {
    this.bind = bind;
    this.provider = open(config().build());
  }

  static BindFixture start() {
    return new BindFixture(
        BindServer.start(DnsProviderContract.ZONE, DnsProviderContract.INITIAL_RECORDS));
  }

  /** The valid configuration, to be varied by a test. */
  Rfc2136Config.Builder config() {
    return Rfc2136Config.builder()
        .id("bind")
        .server(bind.hostPort())
        .zone(DnsProviderContract.ZONE)
        .key(BindServer.KEY_NAME, Secret.of(BindServer.KEY_SECRET, "test key"))
        .timeout(TIMEOUT);
  }

  /** A provider closed with the fixture. */
  DnsProvider open(Rfc2136Config config) {
    DnsProvider p = Rfc2136Provider.open(config);
    opened.add(p);
    return p;
  }

  @Override
  public DnsProvider provider() {
    return provider;
  }

  @Override
  public DnsProvider withWrongCredentials() {
    return open(
        config().key(BindServer.KEY_NAME, Secret.of(WRONG_SECRET, "wrong test key")).build());
  }

  @Override
  public DnsProvider unreachable() {
    return open(config().server("127.0.0.1:" + LoopbackPorts.reserve()).build());
  }

  @Override
  public String credential() {
    return BindServer.KEY_SECRET;
  }

  @Override
  public Optional<RecordSet> observe(RecordKey key) {
    return bind.observe(key);
  }

  @Override
  public void close() {
    opened.forEach(DnsProvider::close);
    bind.close();
  }
}
