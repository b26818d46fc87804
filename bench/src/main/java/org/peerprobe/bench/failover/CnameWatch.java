package org.peerprobe.bench.failover;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks a DNS server for some CNAMEs every {@link #POLL} (UDP, dnsjava, recursion not desired) and
 * tells when an answer has become a given target: the instant the bench counts as "the CNAME answer
 * changed". That instant is when the first reply showing the new target arrived, so it is late by
 * up to one poll interval (10 ms on average). One writer: everything runs on its own thread.
 */
final class CnameWatch implements AutoCloseable {
  /** Spacing of the queries (per name). */
  static final Duration POLL = Duration.ofMillis(20);

  /** Longest wait for one reply; a lost one is simply asked again at the next poll. */
  static final Duration QUERY_TIMEOUT = Duration.ofMillis(500);

  /**
   * One observed answer.
   *
   * @param target the CNAME target (absolute, lower-case), or empty when there is none
   * @param atNanos {@link System#nanoTime()} when the reply arrived
   * @param atMillis the wall clock then (Unix ms), comparable with the nodes' event times
   */
  record Seen(String target, long atNanos, long atMillis) {}

  private record Waiter(String name, String target, CompletableFuture<Seen> result) {}

  private final SimpleResolver resolver;
  private final List<String> names;
  private final Map<String, Seen> current = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cname-watch");
            t.setDaemon(true);
            return t;
          });

  /** Starts polling {@code server} for the CNAMEs of {@code names} (absolute, lower-case). */
  CnameWatch(InetSocketAddress server, List<String> names) {
    this.resolver = new SimpleResolver(server);
    resolver.setTimeout(QUERY_TIMEOUT);
    this.names = List.copyOf(names);
    thread.scheduleAtFixedRate(this::poll, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Completes with the first answer of {@code name} equal to {@code target} seen from now on (at
   * once if the current one already is). {@code target} absolute and lower-case.
   */
  CompletableFuture<Seen> when(String name, String target) {
    CompletableFuture<Seen> f = new CompletableFuture<>();
    thread.execute(
        () -> {
          Seen now = current.get(name);
          if (now != null && now.target().equals(target)) {
            f.complete(now);
          } else {
            waiters.add(new Waiter(name, target, f));
          }
        });
    return f;
  }

  private void poll() {
    for (String name : names) {
      String target;
      try {
        target = query(name);
      } catch (IOException e) {
        continue; // lost or late on a busy machine: asked again at the next poll
      }
      Seen seen = current.get(name);
      if (seen == null || !seen.target().equals(target)) {
        Seen now = new Seen(target, System.nanoTime(), System.currentTimeMillis());
        current.put(name, now);
        waiters.removeIf(
            w ->
                w.result().isDone()
                    || (w.name().equals(name)
                        && w.target().equals(target)
                        && w.result().complete(now)));
      }
    }
  }

  private String query(String name) throws IOException {
    Message q = Message.newQuery(Record.newRecord(name(name), Type.CNAME, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    Message reply = resolver.send(q);
    return reply.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof CNAMERecord)
        .map(r -> ((CNAMERecord) r).getTarget().toString().toLowerCase(java.util.Locale.ROOT))
        .findFirst()
        .orElse("");
  }

  private static Name name(String absolute) {
    try {
      return Name.fromString(absolute);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + absolute, e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
