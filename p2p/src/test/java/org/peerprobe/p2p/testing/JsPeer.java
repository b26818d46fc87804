package org.peerprobe.p2p.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A js-libp2p reference peer ({@code p2p/src/test/js/peer.mjs}) in a child {@code node} process,
 * for interop tests. The peer prints one JSON event per line on stdout and takes one JSON command
 * per line on stdin (the protocol is in {@code p2p/src/test/js/README.md}).
 *
 * <p>Start one with {@link #builder()}: {@link Builder#start()} returns once the peer prints its
 * {@code listening} event, so {@link #peerId()} and {@link #listenAddr()} are known. Wait for
 * events with {@link #awaitEvent(Predicate, Duration)} (each matching event is handed out once, in
 * arrival order, including events that arrived before the call), or issue a command and wait for
 * its reply with {@link #request(ObjectNode, Duration)} and the helpers built on it ({@link #dial},
 * {@link #ping}, {@link #subscribe}, {@link #publish}, {@link #peers}). Every wait has a deadline;
 * a peer that exits fails the wait at once. {@link #close()} stops the peer and destroys the
 * process if it outlives a deadline.
 *
 * <p>The fixture must be installed ({@code bash .ci/run}, or {@code npm ci} in {@code
 * p2p/src/test/js}); if it is not, or {@code node} is missing or too old, {@link Builder#start()}
 * throws {@link IllegalStateException} saying so: such tests fail, they never skip.
 *
 * <p>Not thread-safe: use one JsPeer from one test thread (its stdout and stderr are read by its
 * own daemon threads).
 */
public final class JsPeer implements AutoCloseable {
  /** The deadline the helpers use when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /** Set to a directory to use a fixture other than {@code <module>/src/test/js}. */
  public static final String FIXTURE_DIR_PROPERTY = "peerprobe.jsFixtureDir";

  /** Environment variable naming the {@code node} binary (default: {@code node} on PATH). */
  public static final String NODE_ENV = "PEERPROBE_NODE";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final Duration KILL_GRACE = Duration.ofSeconds(3);

  /** Queued by the stdout reader when the stream ends: the process is gone. */
  private static final JsonNode EOF = NODES.objectNode().put("event", "<eof>");

  private static final AtomicLong IDS = new AtomicLong();

  private final String name;
  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
  private final List<JsonNode> history = new ArrayList<>();
  private final Deque<JsonNode> backlog = new ArrayDeque<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Thread stdoutReader;
  private final Thread stderrReader;
  private boolean eofSeen;
  private boolean closed;
  private JsonNode listening;

  private JsPeer(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stdoutReader = new Thread(this::readStdout, "jspeer-" + name + "-stdout");
    this.stderrReader = new Thread(this::readStderr, "jspeer-" + name + "-stderr");
    stdoutReader.setDaemon(true);
    stderrReader.setDaemon(true);
    stdoutReader.start();
    stderrReader.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for {@code peer.mjs}; {@link #start()} launches it. */
  public static final class Builder {
    private String name;
    private String seedHex;
    private final List<String> listen = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private boolean connectionMonitor = true;
    private Duration maxLifetime = Duration.ofMinutes(10);
    private Duration startTimeout = DEFAULT_TIMEOUT;
    private String gossipsubOptionsJson;
    private Path fixtureDir;
    private String nodeBinary;

    private Builder() {}

    /** A label for thread names, stderr echo and failure messages. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The 32-byte Ed25519 seed, as 64 hex digits (default: a random key). */
    public Builder seedHex(String seedHex) {
      this.seedHex = seedHex;
      return this;
    }

    public Builder seed(byte[] seed) {
      if (seed.length != 32) {
        throw new IllegalArgumentException("seed must be 32 bytes");
      }
      return seedHex(HexFormat.of().formatHex(seed));
    }

    /** A listen multiaddr; repeatable (default {@code /ip4/127.0.0.1/tcp/0}). */
    public Builder listen(String multiaddr) {
      listen.add(multiaddr);
      return this;
    }

    /** A topic subscribed at start-up; repeatable. */
    public Builder topic(String topic) {
      topics.add(topic);
      return this;
    }

    /** js-libp2p's connection monitor (a ping every 10 s per connection); on by default. */
    public Builder connectionMonitor(boolean enabled) {
      this.connectionMonitor = enabled;
      return this;
    }

    /** The peer stops by itself after this long (default 10 minutes). */
    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
      return this;
    }

    /** How long {@link #start()} waits for the {@code listening} event. */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /** A JSON object merged over the fixture's gossipsub options, e.g. {@code {"D":6}}. */
    public Builder gossipsubOptionsJson(String json) {
      this.gossipsubOptionsJson = json;
      return this;
    }

    /** The fixture directory (default: see {@link JsPeer#defaultFixtureDir()}). */
    public Builder fixtureDir(Path fixtureDir) {
      this.fixtureDir = fixtureDir;
      return this;
    }

    /** The {@code node} binary (default: {@code $PEERPROBE_NODE}, else {@code node} on PATH). */
    public Builder nodeBinary(String nodeBinary) {
      this.nodeBinary = nodeBinary;
      return this;
    }

    /**
     * Starts the peer and waits for its {@code listening} event.
     *
     * @throws IllegalStateException when node or the fixture's packages are missing, or the peer
     *     does not come up
     */
    public JsPeer start() {
      return launch().awaitListening(startTimeout);
    }

    private JsPeer launch() {
      Path dir = fixtureDir != null ? fixtureDir : defaultFixtureDir();
      String node = nodeBinary != null ? nodeBinary : JsFixture.defaultNodeBinary();
      JsFixture.checkDir(dir);
      JsFixture.checkNode(node);
      List<String> cmd = new ArrayList<>(List.of(node, "peer.mjs"));
      if (seedHex != null) {
        cmd.addAll(List.of("--seed", seedHex));
      }
      for (String l : listen) {
        cmd.addAll(List.of("--listen", l));
      }
      for (String t : topics) {
        cmd.addAll(List.of("--topic", t));
      }
      cmd.addAll(List.of("--max-lifetime", Long.toString(Math.max(1, maxLifetime.toSeconds()))));
      if (!connectionMonitor) {
        cmd.add("--no-connection-monitor");
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
      // Only what the command line says: nothing inherited may reconfigure the peer.
      pb.environment().keySet().removeIf(k -> k.startsWith("PEER_"));
      if (gossipsubOptionsJson != null) {
        pb.environment().put("PEER_GOSSIPSUB_OPTS", gossipsubOptionsJson);
      }
      String label = name != null ? name : "js" + IDS.incrementAndGet();
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot start `"
                + node
                + " peer.mjs` in "
                + dir
                + ": "
                + e.getMessage()
                + "; "
                + JsFixture.INSTALL_HINT,
            e);
      }
      return new JsPeer(label, process);
    }
  }

  /**
   * Starts several peers at once (their Node.js start-ups overlap, which saves about a second per
   * peer) and waits until all are listening.
   *
   * @throws IllegalStateException as {@link Builder#start()}; the peers already started are stopped
   */
  public static List<JsPeer> startAll(Builder... builders) {
    List<JsPeer> launched = new ArrayList<>();
    try {
      for (Builder b : builders) {
        launched.add(b.launch());
      }
      for (int i = 0; i < builders.length; i++) {
        launched.get(i).awaitListening(builders[i].startTimeout);
      }
      return List.copyOf(launched);
    } catch (RuntimeException e) {
      launched.forEach(JsPeer::stop);
      throw e;
    }
  }

  private JsPeer awaitListening(Duration timeout) {
    try {
      listening = awaitEvent(isEvent("listening"), timeout);
    } catch (AssertionError | RuntimeException e) {
      stop();
      throw new IllegalStateException("js peer " + name + " did not start: " + e.getMessage(), e);
    }
    return this;
  }

  /**
   * {@code -Dpeerprobe.jsFixtureDir} if set, else {@code src/test/js} under the working directory
   * (Surefire runs in the module directory), else {@code p2p/src/test/js} under it (the repository
   * root, as in an IDE).
   */
  public static Path defaultFixtureDir() {
    return JsFixture.defaultDir();
  }

  // ---- identity ------------------------------------------------------------------------------

  public String name() {
    return name;
  }

  /** The peer's PeerId (base58btc), from its {@code listening} event. */
  public String peerId() {
    return listening.path("peerId").asText();
  }

  /** The peer's listen addresses, each ending in {@code /p2p/<peerId>}. */
  public List<String> listenAddrs() {
    List<String> out = new ArrayList<>();
    listening.path("addrs").forEach(a -> out.add(a.asText()));
    return out;
  }

  /** The first listen address, ending in {@code /p2p/<peerId>}. */
  public String listenAddr() {
    List<String> addrs = listenAddrs();
    if (addrs.isEmpty()) {
      throw new IllegalStateException(name + " has no listen address: " + listening);
    }
    return addrs.get(0);
  }

  /** The protocols the js peer serves, as it announced them at start-up. */
  public List<String> protocols() {
    List<String> out = new ArrayList<>();
    listening.path("protocols").forEach(a -> out.add(a.asText()));
    return out;
  }

  // ---- raw protocol --------------------------------------------------------------------------

  /** Sends one command line. */
  public void send(JsonNode command) {
    String line;
    try {
      line = JSON.writeValueAsString(command);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    send(line);
  }

  /** Sends one raw line (it must be a JSON object without line breaks). */
  public void send(String jsonLine) {
    if (jsonLine.indexOf('\n') >= 0 || jsonLine.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a command must be one line");
    }
    try {
      stdin.write((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write to js peer " + name + " (exited? " + describeExit() + ")", e);
    }
  }

  /** A new command object {@code {"cmd": cmd}} to fill in. */
  public static ObjectNode command(String cmd) {
    return NODES.objectNode().put("cmd", cmd);
  }

  /**
   * Waits for the next event matching {@code predicate} that no earlier wait has taken, whether it
   * arrived before this call or arrives before the deadline. Non-matching events stay available for
   * later waits.
   *
   * @throws AssertionError at the deadline, or at once when the peer has exited
   */
  public JsonNode awaitEvent(Predicate<? super JsonNode> predicate, Duration timeout) {
    for (Iterator<JsonNode> it = backlog.iterator(); it.hasNext(); ) {
      JsonNode ev = it.next();
      if (predicate.test(ev)) {
        it.remove();
        return ev;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (eofSeen) {
        throw new AssertionError(failure("the peer exited (" + describeExit() + ")", predicate));
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(failure("nothing matched within " + timeout, predicate));
      }
      JsonNode ev;
      try {
        ev = incoming.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(failure("interrupted", predicate), e);
      }
      if (ev == null) {
        continue;
      }
      if (ev == EOF) {
        eofSeen = true;
        continue;
      }
      history.add(ev);
      if (predicate.test(ev)) {
        return ev;
      }
      backlog.add(ev);
    }
  }

  /** {@link #awaitEvent(Predicate, Duration)} with {@link #DEFAULT_TIMEOUT}. */
  public JsonNode awaitEvent(Predicate<? super JsonNode> predicate) {
    return awaitEvent(predicate, DEFAULT_TIMEOUT);
  }

  /**
   * Sends {@code command} with a fresh {@code id} and waits for the reply carrying that id.
   *
   * @throws AssertionError when the reply is an {@code error} event, or none comes in time
   */
  public JsonNode request(ObjectNode command, Duration timeout) {
    String id = name + "-" + IDS.incrementAndGet();
    ObjectNode cmd = command.deepCopy().put("id", id);
    if (!cmd.has("timeoutMs")) {
      cmd.put("timeoutMs", Math.max(1, timeout.toMillis() - 500));
    }
    send(cmd);
    JsonNode reply = awaitEvent(ev -> id.equals(ev.path("id").asText(null)), timeout);
    if ("error".equals(reply.path("event").asText())) {
      throw new AssertionError("js peer " + name + " failed " + command + ": " + reply);
    }
    return reply;
  }

  // ---- command helpers -----------------------------------------------------------------------

  /** Dials {@code multiaddr} (with {@code /p2p/<id>}) and returns the remote PeerId. */
  public String dial(String multiaddr) {
    return request(command("dial").put("addr", multiaddr), DEFAULT_TIMEOUT).path("peerId").asText();
  }

  /** Pings a connected (or dialable) peer and returns the round-trip time in ms. */
  public long ping(String peerId) {
    return request(command("ping").put("peerId", peerId), DEFAULT_TIMEOUT).path("rttMs").asLong();
  }

  /** Pings the peer at {@code multiaddr} (dialling it if needed) and returns the RTT in ms. */
  public long pingAddr(String multiaddr) {
    return request(command("ping").put("addr", multiaddr), DEFAULT_TIMEOUT).path("rttMs").asLong();
  }

  public void subscribe(String topic) {
    request(command("subscribe").put("topic", topic), DEFAULT_TIMEOUT);
  }

  public void unsubscribe(String topic) {
    request(command("unsubscribe").put("topic", topic), DEFAULT_TIMEOUT);
  }

  /** Publishes UTF-8 text; returns the PeerIds js sent it to. */
  public List<String> publish(String topic, String text) {
    return recipients(
        request(command("publish").put("topic", topic).put("data", text), DEFAULT_TIMEOUT));
  }

  /** Publishes bytes; returns the PeerIds js sent them to. */
  public List<String> publish(String topic, byte[] data) {
    return recipients(
        request(
            command("publish").put("topic", topic).put("dataHex", HexFormat.of().formatHex(data)),
            DEFAULT_TIMEOUT));
  }

  /** Closes the connections to {@code peerId}. */
  public void hangUp(String peerId) {
    request(command("hangup").put("peerId", peerId), DEFAULT_TIMEOUT);
  }

  /**
   * The {@code peers} reply: {@code peers[]}, {@code topics{topic:[subscribers]}}, {@code mesh}.
   */
  public JsonNode peers() {
    return request(command("peers"), DEFAULT_TIMEOUT);
  }

  private static List<String> recipients(JsonNode reply) {
    List<String> out = new ArrayList<>();
    reply.path("recipients").forEach(r -> out.add(r.asText()));
    return out;
  }

  // ---- predicates ----------------------------------------------------------------------------

  /** Matches events named {@code event}. */
  public static Predicate<JsonNode> isEvent(String event) {
    return described("event=" + event, ev -> event.equals(ev.path("event").asText(null)));
  }

  /** Matches events named {@code event} whose {@code peerId} is {@code peerId}. */
  public static Predicate<JsonNode> isEvent(String event, String peerId) {
    return described(
        "event=" + event + " peerId=" + peerId,
        ev ->
            event.equals(ev.path("event").asText(null))
                && peerId.equals(ev.path("peerId").asText(null)));
  }

  /** A {@code message} event on {@code topic}. */
  public static Predicate<JsonNode> isMessage(String topic) {
    return described(
        "message on " + topic,
        ev ->
            "message".equals(ev.path("event").asText(null))
                && topic.equals(ev.path("topic").asText(null)));
  }

  /** A {@code subscription-change} event saying {@code peerId} subscribed to {@code topic}. */
  public static Predicate<JsonNode> isSubscribed(String peerId, String topic) {
    return described(
        peerId + " subscribed to " + topic,
        ev -> {
          if (!"subscription-change".equals(ev.path("event").asText(null))
              || !peerId.equals(ev.path("peerId").asText(null))) {
            return false;
          }
          for (JsonNode s : ev.path("subscriptions")) {
            if (topic.equals(s.path("topic").asText(null)) && s.path("subscribe").asBoolean()) {
              return true;
            }
          }
          return false;
        });
  }

  private static Predicate<JsonNode> described(String description, Predicate<JsonNode> p) {
    return new Predicate<>() {
      @Override
      public boolean test(JsonNode ev) {
        return p.test(ev);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  // ---- observation ---------------------------------------------------------------------------

  /** Every event the peer has printed so far, in order (none is taken from later waits). */
  public List<JsonNode> events() {
    List<JsonNode> drained = new ArrayList<>();
    incoming.drainTo(drained);
    for (JsonNode ev : drained) {
      if (ev == EOF) {
        eofSeen = true;
      } else {
        history.add(ev);
        backlog.add(ev);
      }
    }
    return List.copyOf(history);
  }

  /** The last lines the peer wrote on stderr. */
  public List<String> stderr() {
    synchronized (stderrTail) {
      return List.copyOf(stderrTail);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, once the process has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Stops the peer: {@code {"cmd":"stop"}} and stdin EOF, then SIGTERM after 5 s, then SIGKILL
   * after 3 s more. Idempotent; never hangs. The events it printed stay readable via {@link
   * #events()} and {@link #awaitEvent}.
   */
  public void stop() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (process.isAlive()) {
        try {
          stdin.write("{\"cmd\":\"stop\"}\n".getBytes(StandardCharsets.UTF_8));
          stdin.flush();
        } catch (IOException ignored) {
          // already gone; the waits below settle it
        }
      }
      try {
        stdin.close();
      } catch (IOException ignored) {
        // the pipe is closed when the process is gone
      }
      if (!waitFor(STOP_GRACE)) {
        process.destroy();
        if (!waitFor(KILL_GRACE)) {
          process.destroyForcibly();
          waitFor(KILL_GRACE);
        }
      }
      join(stdoutReader);
      join(stderrReader);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private boolean waitFor(Duration d) throws InterruptedException {
    return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void join(Thread t) throws InterruptedException {
    t.join(KILL_GRACE.toMillis());
  }

  @Override
  public String toString() {
    return "JsPeer[" + name + (listening != null ? " " + peerId() : "") + "]";
  }

  // ---- internals -----------------------------------------------------------------------------

  private void readStdout() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode ev;
        try {
          ev = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          ev = null;
        }
        if (ev == null || !ev.isObject() || !ev.hasNonNull("event")) {
          // The protocol is one JSON object per line; surface anything else as an event.
          ev = NODES.objectNode().put("event", "invalid-line").put("line", line);
        }
        incoming.add(ev);
      }
    } catch (IOException ignored) {
      // the process went away; EOF below says so
    } finally {
      incoming.add(EOF);
    }
  }

  private void readStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        System.err.println("[js " + name + "] " + line);
        synchronized (stderrTail) {
          stderrTail.addLast(line);
          while (stderrTail.size() > 200) {
            stderrTail.removeFirst();
          }
        }
      }
    } catch (IOException ignored) {
      // the process went away
    }
  }

  private String describeExit() {
    if (process.isAlive()) {
      return "still running";
    }
    return "exit code " + process.exitValue();
  }

  private String failure(String what, Object predicate) {
    StringBuilder sb = new StringBuilder();
    sb.append("js peer ").append(name);
    if (listening != null) {
      sb.append(" (").append(peerId()).append(')');
    }
    sb.append(": waiting for ").append(predicate).append(": ").append(what).append('.');
    int from = Math.max(0, history.size() - 20);
    sb.append("\n  last ").append(history.size() - from).append(" of ").append(history.size());
    sb.append(" events:");
    for (JsonNode ev : history.subList(from, history.size())) {
      sb.append("\n    ").append(ev);
    }
    List<String> err = stderr();
    if (!err.isEmpty()) {
      sb.append("\n  stderr (last lines):");
      for (String l : err.subList(Math.max(0, err.size() - 20), err.size())) {
        sb.append("\n    ").append(l);
      }
    }
    return sb.toString();
  }
}
