package org.peerprobe.node.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * Resolves through explicitly configured DNS servers with dnsjava's asynchronous {@link
 * LookupSession} (dnsjava ≥ 3.5): queries go out on dnsjava's own non-blocking NIO selector, so no
 * thread waits for an answer, and the continuations run on the {@code executor} given (the prober's
 * event-loop group; they only parse records).
 *
 * <p>A and AAAA are asked concurrently; the A addresses come first (IPv4 preferred). CNAME chains
 * are followed by the session (at most {@link LookupSession#DEFAULT_MAX_ITERATIONS} redirects).
 * There is no cache and no hosts file: every probe asks the servers, so its DNS timing is real and
 * the answer is the one the front's DNS gives now. Servers are asked in order with failover, each
 * at most {@link #TRIES_PER_SERVER} times, each query waiting {@code queryTimeout}; the whole
 * lookup gives up after {@code queryTimeout × TRIES_PER_SERVER × servers}. dnsjava checks its
 * timeouts on its selector's tick (1 s unless the system property {@code
 * dnsjava.nio.selector_timeout} says otherwise), so its own give-up is coarse; the front's DNS
 * phase timer is exact.
 *
 * <p>Classification: NXDOMAIN is {@link ResolutionException.Reason#NO_SUCH_NAME}; no A and no AAAA
 * records is {@link ResolutionException.Reason#NO_ADDRESS}; no answer from any server is {@link
 * ResolutionException.Reason#TIMEOUT}; anything else (SERVFAIL, refused, malformed) is {@link
 * ResolutionException.Reason#FAILED}.
 */
public final class DnsjavaHostResolver implements HostResolver {
  /** How often one server is asked before the lookup gives up on it. */
  public static final int TRIES_PER_SERVER = 2;

  /** How deep a cause chain is searched when classifying an error. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private final LookupSession session;

  public DnsjavaHostResolver(
      List<InetSocketAddress> servers, Duration queryTimeout, Executor executor) {
    if (servers.isEmpty()) {
      throw new ProbeConfigException("dnsjava resolver needs at least one server");
    }
    List<Resolver> simple = new ArrayList<>();
    for (InetSocketAddress server : servers) {
      SimpleResolver r = new SimpleResolver(server);
      r.setTimeout(queryTimeout);
      simple.add(r);
    }
    ExtendedResolver resolver = new ExtendedResolver(simple);
    // dnsjava 3.6: the extended resolver's timeout bounds the whole lookup, across servers
    resolver.setTimeout(queryTimeout.multipliedBy((long) TRIES_PER_SERVER * servers.size()));
    resolver.setRetries(TRIES_PER_SERVER);
    resolver.setLoadBalance(false);
    this.session = LookupSession.builder().resolver(resolver).executor(executor).build();
  }

  @Override
  public CompletableFuture<List<InetAddress>> resolve(String hostname) {
    Name name;
    try {
      name = Name.fromString(hostname, Name.root);
    } catch (TextParseException e) {
      return CompletableFuture.failedFuture(
          new ResolutionException(
              hostname, ResolutionException.Reason.FAILED, "not a DNS name", e));
    }
    CompletableFuture<Answer> a = ask(name, Type.A);
    CompletableFuture<Answer> aaaa = ask(name, Type.AAAA);
    CompletableFuture<List<InetAddress>> out = new CompletableFuture<>();
    a.thenAcceptBoth(aaaa, (four, six) -> complete(out, hostname, four, six))
        .exceptionally(
            e -> {
              out.completeExceptionally(
                  new ResolutionException(
                      hostname, ResolutionException.Reason.FAILED, String.valueOf(e), e));
              return null;
            });
    return out;
  }

  private CompletableFuture<Answer> ask(Name name, int type) {
    return session
        .lookupAsync(name, type)
        .handle((result, error) -> error == null ? Answer.of(result) : Answer.failed(error))
        .toCompletableFuture();
  }

  private static void complete(
      CompletableFuture<List<InetAddress>> out, String hostname, Answer four, Answer six) {
    List<InetAddress> addresses = new ArrayList<>(four.addresses);
    addresses.addAll(six.addresses);
    if (!addresses.isEmpty()) {
      out.complete(List.copyOf(addresses));
      return;
    }
    Throwable cause = four.error != null ? four.error : six.error;
    out.completeExceptionally(classify(hostname, four.error, six.error, cause));
  }

  private static ResolutionException classify(
      String hostname, Throwable four, Throwable six, Throwable cause) {
    if (is(four, NoSuchDomainException.class) || is(six, NoSuchDomainException.class)) {
      return new ResolutionException(
          hostname, ResolutionException.Reason.NO_SUCH_NAME, null, cause);
    }
    boolean noData4 = four == null || is(four, NoSuchRRSetException.class);
    boolean noData6 = six == null || is(six, NoSuchRRSetException.class);
    if (noData4 && noData6) {
      return new ResolutionException(hostname, ResolutionException.Reason.NO_ADDRESS, null, cause);
    }
    if (timedOut(four) || timedOut(six)) {
      return new ResolutionException(
          hostname, ResolutionException.Reason.TIMEOUT, cause.getMessage(), cause);
    }
    return new ResolutionException(
        hostname, ResolutionException.Reason.FAILED, String.valueOf(cause), cause);
  }

  /**
   * True for a query timeout: a {@link SocketTimeoutException} from one server, or the {@link
   * IOException} "Timed out while trying to resolve …" with which dnsjava 3.6's {@link
   * ExtendedResolver} ends a lookup whose overall timeout passed (it has no type of its own).
   */
  private static boolean timedOut(Throwable t) {
    if (is(t, SocketTimeoutException.class) || is(t, TimeoutException.class)) {
      return true;
    }
    Throwable c = t;
    for (int depth = 0; c != null && depth < MAX_CAUSE_DEPTH; depth++, c = c.getCause()) {
      if (c instanceof IOException && String.valueOf(c.getMessage()).startsWith("Timed out")) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code t} or one of its first {@link #MAX_CAUSE_DEPTH} causes is a {@code type}. */
  static boolean is(Throwable t, Class<? extends Throwable> type) {
    Throwable c = t;
    for (int depth = 0; c != null && depth < MAX_CAUSE_DEPTH; depth++, c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /** One query's addresses, or its error. */
  private static final class Answer {
    final List<InetAddress> addresses;
    final Throwable error;

    private Answer(List<InetAddress> addresses, Throwable error) {
      this.addresses = addresses;
      this.error = error;
    }

    static Answer of(LookupResult result) {
      List<InetAddress> out = new ArrayList<>();
      for (Record r : result.getRecords()) {
        if (r instanceof ARecord ar) {
          out.add(ar.getAddress());
        } else if (r instanceof AAAARecord ar) {
          out.add(ar.getAddress());
        }
      }
      return new Answer(List.copyOf(out), null);
    }

    static Answer failed(Throwable error) {
      return new Answer(List.of(), error);
    }
  }
}
