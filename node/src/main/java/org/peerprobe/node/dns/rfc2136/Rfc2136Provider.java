package org.peerprobe.node.dns.rfc2136;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.ProviderLimits;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.dnsjava.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * A zone on an RFC 2136 primary (BIND, Knot, PowerDNS), written with TSIG-signed dynamic updates.
 *
 * <p>Reads are signed queries for one RRset (over TCP unless configured otherwise) and must come
 * back authoritative and verified. A write is one update message: preconditions become
 * prerequisites, so the server checks them and applies the whole write atomically ({@link
 * ProviderLimits#atomicPreconditions()} is true); see {@link Rfc2136Messages} for the layout. When
 * a prerequisite fails, the provider reads the RRsets the preconditions name to report which one
 * failed and what the zone holds instead. Failures are classified by {@link Rfc2136Failures}.
 *
 * <p>Threading: messages go through dnsjava's shared non-blocking NIO selector ({@link
 * SimpleResolver#sendAsync(Message, Executor)}); replies are parsed and verified on this provider's
 * executor, never on the caller's thread. Each exchange is bounded by the configured timeout; a
 * write whose prerequisite failed makes one more round of reads (in parallel), so it completes
 * within twice the timeout. A read that loses its connection (a reused TCP connection the server
 * closed while idle) is retried once. Thread-safe.
 *
 * <p>The server's address is resolved once, when the provider is created.
 */
public final class Rfc2136Provider implements DnsProvider {
  private static final Logger LOG = LoggerFactory.getLogger(Rfc2136Provider.class);

  /** Attempts of a read whose connection was lost before the answer. */
  static final int READ_ATTEMPTS = 2;

  private final Rfc2136Config config;
  private final Executor executor;
  private final Runnable onClose;
  private final SimpleResolver resolver;
  private final Rfc2136Failures failures;
  private volatile boolean closed;

  /**
   * A provider that parses replies on {@code executor} (which it does not own; it must not be a
   * thread that blocks).
   *
   * @throws IllegalArgumentException when the server's host name does not resolve
   */
  public Rfc2136Provider(Rfc2136Config config, Executor executor) {
    this(config, executor, () -> {});
  }

  private Rfc2136Provider(Rfc2136Config config, Executor executor, Runnable onClose) {
    this.config = config;
    this.executor = executor;
    this.onClose = onClose;
    this.failures = new Rfc2136Failures(config);
    InetAddress address;
    try {
      address = InetAddress.getByName(config.server().host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "RFC 2136 provider "
              + config.id()
              + ": server host "
              + config.server().host()
              + " does not resolve",
          e);
    }
    resolver = new SimpleResolver(new InetSocketAddress(address, config.server().port()));
    resolver.setTimeout(config.timeout());
    resolver.setTCP(config.tcp());
    resolver.setTSIGKey(
        new TSIG(
            config.algorithm().dnsName(),
            RecordCodec.name(config.keyName()),
            config.secretBytes()));
  }

  /** A provider with its own single reply-parsing thread, stopped by {@link #close()}. */
  public static Rfc2136Provider open(Rfc2136Config config) {
    ExecutorService own =
        Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("peerprobe-dns-" + config.id(), true));
    try {
      return new Rfc2136Provider(config, own, own::shutdownNow);
    } catch (RuntimeException e) {
      own.shutdownNow();
      throw e;
    }
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public String zone() {
    return config.zone();
  }

  @Override
  public ProviderLimits limits() {
    return ProviderLimits.unlimited(true);
  }

  @Override
  public CompletableFuture<Optional<RecordSet>> read(RecordKey key) {
    String what = "read of " + key;
    if (!key.isIn(config.zone())) {
      return CompletableFuture.failedFuture(
          new ProviderException.Rejected(config.id(), what + ": not in zone " + config.zone()));
    }
    return exchange(Rfc2136Messages.query(key), what, READ_ATTEMPTS)
        .thenApply(reply -> answer(key, what, reply));
  }

  @Override
  public CompletableFuture<Void> write(RecordWrite write) {
    String what = "update of " + write.upserts().stream().map(RecordSet::key).toList();
    Message update;
    try {
      update = Rfc2136Messages.update(config.zone(), write);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new ProviderException.Rejected(config.id(), what + ": " + e.getMessage()));
    }
    LOG.debug(
        "{}: sending {} with {} preconditions", config.id(), what, write.preconditions().size());
    return exchange(update, what, 1)
        .thenCompose(
            reply -> {
              int rcode = reply.getRcode();
              if (rcode != Rcode.NOERROR && !Rfc2136Failures.isPrerequisiteFailure(rcode)) {
                throw failures.refused(what, reply);
              }
              if (!reply.isVerified()) {
                throw failures.unverified(what, reply);
              }
              return rcode == Rcode.NOERROR
                  ? CompletableFuture.<Void>completedFuture(null)
                  : whichPreconditionFailed(what, write);
            });
  }

  private Optional<RecordSet> answer(RecordKey key, String what, Message reply) {
    int rcode = reply.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      throw failures.refused(what, reply);
    }
    if (!reply.isVerified()) {
      throw failures.unverified(what, reply);
    }
    if (!reply.getHeader().getFlag(Flags.AA)) {
      throw new ProviderException.Rejected(
          config.id(),
          what
              + ": the answer of "
              + config.server()
              + " is not authoritative (the server is not primary for "
              + config.zone()
              + ", or the name is below a delegation)");
    }
    try {
      return RecordCodec.toRecordSet(key, reply.getSection(Section.ANSWER));
    } catch (IllegalArgumentException e) {
      throw new ProviderException.Rejected(config.id(), what + ": " + e.getMessage());
    }
  }

  /**
   * Reads what every precondition names and fails with the first one that does not hold. A CNAME
   * guard that fails is a {@link ProviderException.Rejected} (the write can never succeed as it
   * is). When all hold again by now (changed back concurrently), the write's first precondition is
   * reported, or Unavailable (retry) when it had none.
   */
  private CompletableFuture<Void> whichPreconditionFailed(String what, RecordWrite write) {
    List<Precondition> checked = Rfc2136Messages.effectivePreconditions(write);
    List<CompletableFuture<Optional<RecordSet>>> actual = new ArrayList<>();
    for (Precondition p : checked) {
      actual.add(read(p.key()).exceptionally(e -> null)); // null: could not be read
    }
    return CompletableFuture.allOf(actual.toArray(CompletableFuture<?>[]::new))
        .thenApply(
            done -> {
              for (int i = 0; i < checked.size(); i++) {
                Precondition p = checked.get(i);
                Optional<RecordSet> found = actual.get(i).join();
                if (found != null && !holds(p, found)) {
                  throw failed(what, write, p, found);
                }
              }
              if (!write.preconditions().isEmpty()) {
                Precondition first = write.preconditions().get(0);
                Optional<RecordSet> found = actual.get(0).join();
                throw new ProviderException.PreconditionFailed(
                    config.id(), first, found == null ? Optional.empty() : found);
              }
              throw new ProviderException.Unavailable(
                  config.id(),
                  what + ": the server found a CNAME beside a written RRset, gone by now; retry",
                  null);
            });
  }

  private ProviderException failed(
      String what, RecordWrite write, Precondition p, Optional<RecordSet> found) {
    if (write.preconditions().contains(p)) {
      return new ProviderException.PreconditionFailed(config.id(), p, found);
    }
    return new ProviderException.Rejected(
        config.id(),
        what
            + ": "
            + p.key().name()
            + " holds a CNAME ("
            + found.map(RecordSet::values).orElseThrow()
            + "); no other data may be written beside it");
  }

  private static boolean holds(Precondition p, Optional<RecordSet> found) {
    if (p instanceof Precondition.HasValues has) {
      return found.isPresent() && found.get().sameValues(has.expected());
    }
    return found.isEmpty();
  }

  /** Sends {@code message}, up to {@code attempts} times while the connection is lost. */
  private CompletableFuture<Message> exchange(Message message, String what, int attempts) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("RFC 2136 provider " + config.id() + " is closed"));
    }
    CompletableFuture<Message> sent;
    try {
      sent = resolver.sendAsync(message, executor).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failures.transport(what, e));
    }
    return sent.orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (reply, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(reply);
              }
              if (attempts > 1 && Rfc2136Failures.isStaleConnection(error)) {
                LOG.debug("{}: {} lost its connection; retrying once", config.id(), what);
                return exchange(message, what, attempts - 1);
              }
              return CompletableFuture.<Message>failedFuture(failures.transport(what, error));
            })
        .thenCompose(f -> f);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "Rfc2136Provider[" + config + "]";
  }
}
