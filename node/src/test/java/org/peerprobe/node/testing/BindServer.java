package org.peerprobe.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.p2p.testing.LoopbackPorts;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 {@code named} serving one zone on {@code 127.0.0.1} (TCP and UDP, a free port), the
 * zone updatable with TSIG keys {@link #KEY_NAME} (hmac-sha256) and {@link #KEY_512_NAME}
 * (hmac-sha512); {@link #KEY_NO_GRANT_NAME} is known but may not update (REFUSED), nor may unsigned
 * updates. Each start uses a fresh temporary directory (no stale journal, see dns-lab.md) holding
 * {@code named.conf}, the zone file and {@code named.log} (named's own output, {@link #log()}).
 * Ready when it answers a TCP SOA query (polled up to {@link #READY_DEADLINE}); stopped by SIGTERM,
 * then SIGKILL after {@link #STOP_DEADLINE}.
 *
 * <p>Needs {@code named} (Debian: {@code bind9}); fails with a message saying so when it is
 * missing. Runs as any user: nothing is written outside the temporary directory, no rndc channel,
 * no session key, one worker thread.
 */
public final class BindServer implements AutoCloseable {
  public static final String KEY_NAME = "ci-key.";
  public static final String KEY_SECRET = "R/jRFI/dALyVQ4kuFLOLpRASQpFJMhc8JoB1pxpUM38=";
  public static final String KEY_512_NAME = "ci-key-512.";
  public static final String KEY_512_SECRET =
      "m0zVCHqDUNVAYhqr2pYVv8DmqA1GdJU6KkQY2C7cP1aSJkxbb1oV7aB2Bz1lQ4kk8Lw8Vz0fOEk3rPKXb8M4qw==";
  public static final String KEY_NO_GRANT_NAME = "no-grant-key.";
  public static final String KEY_NO_GRANT_SECRET = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

  /** Longest wait for a started named to answer. */
  public static final Duration READY_DEADLINE = Duration.ofSeconds(15);

  /** Longest wait for named to exit after SIGTERM, and again after SIGKILL. */
  public static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

  /** Timeout of one query by {@link #observe} or the readiness probe. */
  public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

  /** Starts tried before giving up when the chosen port was taken meanwhile. */
  static final int START_ATTEMPTS = 3;

  private static final Duration POLL = Duration.ofMillis(10);
  private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"));

  private final Path dir;
  private final Process process;
  private final InetSocketAddress address;
  private final Name zone;

  private BindServer(Path dir, Process process, InetSocketAddress address, Name zone) {
    this.dir = dir;
    this.process = process;
    this.address = address;
    this.zone = zone;
  }

  /**
   * Starts named serving {@code zone} (absolute) with SOA, NS, {@code ns1 A} and {@code records}.
   */
  public static BindServer start(String zone, List<RecordSet> records) {
    Path named = findNamed();
    AssertionError last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      Path dir;
      try {
        dir = Files.createTempDirectory("peerprobe-bind-");
        int port = LoopbackPorts.reserve();
        Files.writeString(dir.resolve("named.conf"), namedConf(dir, port, zone));
        Files.writeString(dir.resolve("zone.db"), zoneFile(zone, records));
        Process p =
            new ProcessBuilder(
                    named.toString(), "-g", "-n", "1", "-c", dir.resolve("named.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("named.log").toFile())
                .start();
        BindServer server =
            new BindServer(
                dir, p, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), name(zone));
        try {
          server.awaitReady();
          return server;
        } catch (AssertionError e) {
          last = e;
          server.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start named", e);
      }
    }
    throw last;
  }

  public InetSocketAddress address() {
    return address;
  }

  /** {@code 127.0.0.1:port}. */
  public String hostPort() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** What named has written to its log so far. */
  public String log() {
    try {
      return Files.readString(dir.resolve("named.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * The configuration of a provider for this server's zone (id {@code bind}, key {@link
   * #KEY_NAME}), to be varied and built by the caller.
   */
  public org.peerprobe.node.dns.rfc2136.Rfc2136Config.Builder providerConfig() {
    return org.peerprobe.node.dns.rfc2136.Rfc2136Config.builder()
        .id("bind")
        .server(hostPort())
        .zone(zone.toString())
        .key(KEY_NAME, org.peerprobe.node.dns.Secret.of(KEY_SECRET, "test key"));
  }

  /**
   * The RRset of {@code key} as named serves it now, by an unsigned TCP query independent of any
   * provider; TXT values are the joined character-strings decoded as UTF-8.
   */
  public Optional<RecordSet> observe(RecordKey key) {
    Message reply = query(name(key.name()), Type.value(key.type()));
    int rcode = reply.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      throw new AssertionError("named answered " + Rcode.string(rcode) + " for " + key);
    }
    List<String> values =
        reply.getSection(Section.ANSWER).stream()
            .filter(r -> r.getType() == Type.value(key.type()))
            .map(BindServer::text)
            .toList();
    long ttl = reply.getSection(Section.ANSWER).stream().mapToLong(Record::getTTL).min().orElse(0);
    return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(key, ttl, values));
  }

  /** Stops named (SIGTERM, then SIGKILL) and deletes its directory. Idempotent. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("named exited (" + process.exitValue() + "):\n" + log());
      }
      if (log().contains("address in use")) {
        throw new AssertionError("port " + address.getPort() + " was taken:\n" + log());
      }
      try {
        if (query(zone, Type.SOA).getRcode() == Rcode.NOERROR) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("named did not answer within " + READY_DEADLINE + ":\n" + log());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private Message query(Name name, int type) {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTCP(true);
    resolver.setTimeout(QUERY_TIMEOUT);
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    try {
      return resolver.send(q);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Record r) {
    if (r instanceof TXTRecord txt) {
      StringBuilder sb = new StringBuilder();
      txt.getStringsAsByteArrays().forEach(b -> sb.append(new String(b, StandardCharsets.UTF_8)));
      return sb.toString();
    }
    return r.rdataToString();
  }

  private static Path findNamed() {
    Stream<Path> path =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .filter(s -> !s.isEmpty())
            .map(Path::of);
    return Stream.concat(path, SBIN.stream())
        .map(d -> d.resolve("named"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "BIND 9's named is not installed (looked in PATH and "
                        + SBIN
                        + "); install the Debian packages bind9 and bind9-dnsutils, as .ci/run does"));
  }

  private static String namedConf(Path dir, int port, String zone) {
    return """
        key "%s" { algorithm hmac-sha256; secret "%s"; };
        key "%s" { algorithm hmac-sha512; secret "%s"; };
        key "%s" { algorithm hmac-sha256; secret "%s"; };
        options {
            directory "%s";
            pid-file none;
            listen-on port %d { 127.0.0.1; };
            listen-on-v6 { none; };
            recursion no; dnssec-validation no; notify no;
            session-keyfile none;
        };
        controls { };
        zone "%s" {
            type primary; file "zone.db";
            update-policy { grant %s zonesub ANY; grant %s zonesub ANY; };
        };
        """
        .formatted(
            KEY_NAME,
            KEY_SECRET,
            KEY_512_NAME,
            KEY_512_SECRET,
            KEY_NO_GRANT_NAME,
            KEY_NO_GRANT_SECRET,
            dir,
            port,
            zone,
            KEY_NAME,
            KEY_512_NAME);
  }

  private static String zoneFile(String zone, List<RecordSet> records) {
    StringBuilder sb =
        new StringBuilder(
            """
            $TTL 60
            %1$s IN SOA ns1.%1$s hostmaster.%1$s ( 1 3600 600 86400 60 )
            %1$s IN NS ns1.%1$s
            ns1.%1$s IN A 127.0.0.1
            """
                .formatted(zone));
    for (RecordSet rs : records) {
      for (String v : rs.values()) {
        boolean txt = rs.key().type().equals("TXT");
        String rdata = txt ? '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : v;
        sb.append("%s %d IN %s %s\n".formatted(rs.key().name(), rs.ttl(), rs.key().type(), rdata));
      }
    }
    return sb.toString();
  }

  private static Name name(String absolute) {
    try {
      return Name.fromString(absolute, Name.root);
    } catch (IOException e) {
      throw new IllegalArgumentException(absolute, e);
    }
  }
}
