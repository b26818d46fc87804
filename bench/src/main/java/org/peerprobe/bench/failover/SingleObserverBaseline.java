package org.peerprobe.bench.failover;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;

/**
 * What the original failover scripts do, as the baseline: one observer checks the primary front
 * with one HTTP GET per interval (as {@code curl -f --max-time} from cron) and points the router
 * CNAME at the secondary on the first failed check, back at the primary on the first good one. It
 * writes through the same {@link DnsProvider} code as the signer, without fence or read-back (the
 * scripts have neither). One writer: everything runs on its own thread.
 */
final class SingleObserverBaseline implements AutoCloseable {
  /**
   * A check whose outcome made the script write a new target.
   *
   * @param target the CNAME target written (absolute)
   * @param checkedAtMs when the check's outcome was known (Unix ms): what the script detected the
   *     change from, the baseline's "last needed observation"
   */
  record Switch(String target, long checkedAtMs) {}

  private final URI check;
  private final RecordSet toPrimary;
  private final RecordSet toSecondary;
  private final DnsProvider dns;
  private final Duration timeout;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "single-observer");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http;
  private final List<Switch> switches = new CopyOnWriteArrayList<>();
  private String written;
  private boolean writing;

  /**
   * @param check the primary front's URL
   * @param record the router record's name (absolute)
   * @param primaryHost the CNAME target while the primary answers (absolute)
   * @param secondaryHost the CNAME target after a failed check (absolute)
   * @param timeout of one check, as the scripts' {@code --max-time}
   */
  SingleObserverBaseline(
      URI check,
      String record,
      String primaryHost,
      String secondaryHost,
      DnsProvider dns,
      Duration timeout) {
    this.check = check;
    this.toPrimary = RecordSet.of(record, "CNAME", Testbed.TTL, primaryHost);
    this.toSecondary = RecordSet.of(record, "CNAME", Testbed.TTL, secondaryHost);
    this.dns = dns;
    this.timeout = timeout;
    this.written = primaryHost;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
  }

  /** Checks every {@code interval}, the first check after {@code phase}. */
  void start(Duration phase, Duration interval) {
    executor.scheduleAtFixedRate(
        this::check, phase.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The latest switch to {@code target} decided at or after {@code sinceMs}. */
  Optional<Switch> switchTo(String target, long sinceMs) {
    Switch found = null;
    for (Switch s : switches) {
      if (s.target().equals(target) && s.checkedAtMs() >= sinceMs) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }

  private void check() {
    HttpRequest req = HttpRequest.newBuilder(check).timeout(timeout).GET().build();
    http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
        .whenCompleteAsync(
            (res, err) -> decided(err == null && res.statusCode() / 100 == 2), executor);
  }

  private void decided(boolean healthy) {
    RecordSet next = healthy ? toPrimary : toSecondary;
    String target = next.values().get(0);
    if (writing || target.equals(written)) {
      return;
    }
    switches.add(new Switch(target, System.currentTimeMillis()));
    writing = true;
    dns.write(RecordWrite.of(next))
        .whenCompleteAsync(
            (v, err) -> {
              writing = false;
              if (err == null) {
                written = target;
              }
            },
            executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
