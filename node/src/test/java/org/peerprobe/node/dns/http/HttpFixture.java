package org.peerprobe.node.dns.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.ProviderFixture;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.p2p.testing.LoopbackPorts;

/**
 * A {@link ProviderFixture} for an HTTP-API provider: the same factory builds the valid provider,
 * one with a wrong credential and one pointed at a loopback port where nothing listens. Closes
 * every provider it built, then whatever was handed to {@link #closing}.
 */
public final class HttpFixture implements ProviderFixture {
  /** Timeout of the providers built here (short, so that failure tests stay fast). */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Builds a provider for the zone under test. */
  public interface Factory {
    DnsProvider create(URI baseUrl, Secret credential, Duration timeout);
  }

  private final Factory factory;
  private final URI baseUrl;
  private final String credential;
  private final Function<RecordKey, Optional<RecordSet>> observer;
  private final List<AutoCloseable> built = new CopyOnWriteArrayList<>();
  private final DnsProvider provider;

  public HttpFixture(
      Factory factory,
      URI baseUrl,
      String credential,
      Function<RecordKey, Optional<RecordSet>> observer) {
    this.factory = factory;
    this.baseUrl = baseUrl;
    this.credential = credential;
    this.observer = observer;
    this.provider = build(baseUrl, credential);
  }

  private DnsProvider build(URI url, String secret) {
    DnsProvider p = factory.create(url, Secret.of(secret, "test"), TIMEOUT);
    built.add(p);
    return p;
  }

  @Override
  public DnsProvider provider() {
    return provider;
  }

  @Override
  public DnsProvider withWrongCredentials() {
    return build(baseUrl, "wrong-" + credential.hashCode());
  }

  @Override
  public DnsProvider unreachable() {
    return build(URI.create("http://127.0.0.1:" + LoopbackPorts.reserve()), credential);
  }

  @Override
  public String credential() {
    return credential;
  }

  @Override
  public Optional<RecordSet> observe(RecordKey key) {
    return observer.apply(key);
  }

  /** Closes {@code resource} (e.g. the emulator) with this fixture, after the providers. */
  public HttpFixture closing(AutoCloseable resource) {
    built.add(resource);
    return this;
  }

  @Override
  public void close() {
    for (AutoCloseable c : built) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + c, e);
      }
    }
  }
}
