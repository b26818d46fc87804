package org.peerprobe.node.dns.powerdns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.http.ZoneText;
import org.peerprobe.p2p.testing.LoopbackPorts;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A real {@code pdns_server} (4.7, sqlite3 backend, HTTP API) on loopback, after shared/dns-lab.md
 * section 5: a fresh temporary directory, the schema loaded with the {@code sqlite3} CLI, the zone
 * with {@code pdnsutil load-zone}, free ports for DNS and the API, readiness awaited within {@link
 * #START_DEADLINE}, stopped by SIGTERM and, after {@link #STOP_GRACE}, SIGKILL. All caches are off,
 * so {@link #reset} (a new {@code load-zone}) and API writes are visible to the next query.
 */
public final class PowerDnsServer implements AutoCloseable {
  public static final String API_KEY = "pdns-test-api-key-5d1c";
  public static final Duration START_DEADLINE = Duration.ofSeconds(20);
  public static final Duration STOP_GRACE = Duration.ofSeconds(5);
  public static final Duration POLL = Duration.ofMillis(50);
  public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
  static final String SCHEMA = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql";

  private final Path dir;
  private final int dnsPort;
  private final int apiPort;
  private final Process process;

  private PowerDnsServer(Path dir, int dnsPort, int apiPort, Process process) {
    this.dir = dir;
    this.dnsPort = dnsPort;
    this.apiPort = apiPort;
    this.process = process;
  }

  /** Starts a server holding {@code zone} with {@code records} (plus SOA, NS and ns1). */
  public static PowerDnsServer start(String zone, List<RecordSet> records) throws IOException {
    Path dir = Files.createTempDirectory("pdns-test");
    Files.createDirectories(dir.resolve("run"));
    int dnsPort = LoopbackPorts.reserve();
    int apiPort = LoopbackPorts.reserve();
    Files.writeString(dir.resolve("pdns.conf"), config(dir, dnsPort, apiPort));
    run(dir, List.of("sqlite3", dir.resolve("run/pdns.sqlite3").toString()), Path.of(SCHEMA));
    loadZone(dir, zone, records);
    Process p =
        new ProcessBuilder("pdns_server", "--config-dir=" + dir)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("pdns.log").toFile())
            .start();
    PowerDnsServer server = new PowerDnsServer(dir, dnsPort, apiPort, p);
    try {
      server.awaitReady(zone);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + apiPort);
  }

  public int dnsPort() {
    return dnsPort;
  }

  /** Replaces the zone's contents (SOA, NS, ns1 and {@code records}). */
  public void reset(String zone, List<RecordSet> records) throws IOException {
    loadZone(dir, zone, records);
  }

  /** The RRset as the server answers it over DNS (TCP), read with dnsjava. */
  public Optional<RecordSet> observe(RecordKey key) {
    try {
      SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
      resolver.setPort(dnsPort);
      resolver.setTCP(true);
      resolver.setTimeout(QUERY_TIMEOUT);
      Name name = Name.fromString(key.name());
      int type = Type.value(key.type());
      Message reply = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
      if (reply.getRcode() != Rcode.NOERROR && reply.getRcode() != Rcode.NXDOMAIN) {
        throw new IllegalStateException(key + ": " + Rcode.string(reply.getRcode()));
      }
      List<String> values = new ArrayList<>();
      long ttl = 0;
      for (Record r : reply.getSection(Section.ANSWER)) {
        if (r.getType() == type && r.getName().equals(name)) {
          values.add(value(r));
          ttl = r.getTTL();
        }
      }
      return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(key, ttl, values));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String value(Record r) {
    if (r instanceof TXTRecord txt) {
      StringBuilder s = new StringBuilder();
      for (byte[] b : txt.getStringsAsByteArrays()) {
        s.append(new String(b, StandardCharsets.UTF_8));
      }
      return s.toString();
    }
    return r.rdataToString();
  }

  private void awaitReady(String zone) throws IOException {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ping =
        HttpRequest.newBuilder(apiUrl().resolve("/api/v1/servers/localhost"))
            .header("X-API-Key", API_KEY)
            .timeout(QUERY_TIMEOUT)
            .build();
    RecordKey soa = RecordKey.of(zone, "NS");
    while (true) {
      try {
        if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
            && observe(soa).isPresent()) {
          return;
        }
      } catch (IOException | UncheckedIOException | IllegalStateException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for pdns_server", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("pdns_server not ready within " + START_DEADLINE + ": " + log());
      }
      try {
        process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
        throw new IOException("pdns_server exited with " + process.exitValue() + ": " + log());
      } catch (TimeoutException e) {
        // still running: poll again
      } catch (ExecutionException | InterruptedException e) {
        throw new IOException("waiting for pdns_server", e);
      }
    }
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("pdns.log"));
  }

  private static String config(Path dir, int dnsPort, int apiPort) {
    return String.join(
        "\n",
        "launch=gsqlite3",
        "gsqlite3-database=" + dir.resolve("run/pdns.sqlite3"),
        "local-address=127.0.0.1",
        "local-port=" + dnsPort,
        "socket-dir=" + dir.resolve("run"),
        "daemon=no",
        "guardian=no",
        "disable-syslog=yes",
        "security-poll-suffix=",
        "api=yes",
        "api-key=" + API_KEY,
        "webserver=yes",
        "webserver-address=127.0.0.1",
        "webserver-port=" + apiPort,
        "webserver-allow-from=127.0.0.1",
        "cache-ttl=0",
        "negquery-cache-ttl=0",
        "query-cache-ttl=0",
        "");
  }

  private static void loadZone(Path dir, String zone, List<RecordSet> records) throws IOException {
    StringBuilder z = new StringBuilder();
    z.append("$TTL 60\n");
    z.append(zone).append(" IN SOA ns1.").append(zone).append(" hostmaster.").append(zone);
    z.append(" 1 3600 600 86400 60\n");
    z.append(zone).append(" IN NS ns1.").append(zone).append('\n');
    z.append("ns1.").append(zone).append(" IN A 127.0.0.1\n");
    for (RecordSet r : records) {
      for (String v : r.values()) {
        z.append(r.key().name()).append(' ').append(r.ttl()).append(" IN ");
        z.append(r.key().type()).append(' ').append(ZoneText.encode(r.key().type(), v));
        z.append('\n');
      }
    }
    Path file = dir.resolve("zone");
    Files.writeString(file, z.toString());
    run(dir, List.of("pdnsutil", "--config-dir=" + dir, "load-zone", zone, file.toString()), null);
  }

  private static void run(Path dir, List<String> command, Path input) throws IOException {
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("setup.log").toFile());
    if (input != null) {
      b.redirectInput(input.toFile());
    }
    Process p = b.start();
    try {
      if (!p.waitFor(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(command + " failed: " + Files.readString(dir.resolve("setup.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
  }

  /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}; removes the directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: it is a temporary directory
    }
  }
}
