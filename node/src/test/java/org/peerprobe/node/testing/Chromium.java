package org.peerprobe.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.peerprobe.p2p.testing.Await;

/**
 * A headless Debian Chromium driven over the Chrome DevTools Protocol (the JDK's WebSocket and
 * Jackson, no driver library): one page, navigated, queried with JavaScript, resized and
 * photographed. The browser runs with a fresh profile in the caller's directory and talks only to
 * loopback; {@link #close()} kills it.
 *
 * <p>Missing Chromium is a failure, not a skip: the status page's tests are its proof. Every
 * JavaScript exception, console error and browser log error (a blocked resource, a
 * Content-Security-Policy violation) of the page is kept in {@link #problems()}.
 */
public final class Chromium implements AutoCloseable {
  /** Where Debian's package {@code chromium} installs the browser. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  /** Longest wait for the browser to start and open its DevTools port. */
  static final Duration START_DEADLINE = Duration.ofSeconds(30);

  /** Longest wait for the answer to one DevTools command. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(20);

  /** How often a condition awaited in the page is re-checked (by the page's own timer). */
  static final Duration PAGE_POLL = Duration.ofMillis(50);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path dir;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final WebSocket socket;
  private final String session;

  private Chromium(Process process, Path dir, URI devtools) {
    this.process = process;
    this.dir = dir;
    try {
      socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(CALL_DEADLINE)
              .buildAsync(devtools, new Listener())
              .get(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot open Chromium's DevTools socket " + devtools, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String target =
        call(null, "Target.createTarget", obj().put("url", "about:blank"), CALL_DEADLINE)
            .get("targetId")
            .asText();
    session =
        call(
                null,
                "Target.attachToTarget",
                obj().put("targetId", target).put("flatten", true),
                CALL_DEADLINE)
            .get("sessionId")
            .asText();
    for (String domain : List.of("Page", "Runtime", "Log")) {
      call(domain + ".enable", obj());
    }
  }

  /**
   * Starts Chromium with a fresh profile under {@code dir} (its output goes to {@code
   * dir/chromium.log}) and opens one blank page.
   *
   * @throws AssertionError when Chromium is not installed or does not start
   */
  public static Chromium launch(Path dir) {
    return launch(BINARY, dir);
  }

  /** Like {@link #launch(Path)} with the browser at {@code binary}. */
  static Chromium launch(Path binary, Path dir) {
    if (!Files.isExecutable(binary)) {
      throw new AssertionError(
          binary
              + " is missing: the status page is tested in a real headless Chromium; install the"
              + " Debian package chromium (.ci/run does)");
    }
    Path profile = dir.resolve("profile");
    Path log = dir.resolve("chromium.log");
    Process p;
    try {
      Files.createDirectories(profile);
      p =
          new ProcessBuilder(
                  binary.toString(),
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--disable-extensions",
                  "--user-data-dir=" + profile,
                  "--remote-debugging-port=0",
                  "about:blank")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + binary, e);
    }
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      Await.until(
          START_DEADLINE,
          () -> !p.isAlive() || portLines(portFile).size() >= 2,
          "Chromium writes " + portFile);
      if (!p.isAlive()) {
        throw new AssertionError("Chromium exited (" + p.exitValue() + "):\n" + read(log));
      }
      List<String> lines = portLines(portFile);
      URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
      return new Chromium(p, dir, ws);
    } catch (RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** Loads {@code url} and waits for the document (not its fetches) to be complete. */
  public void navigate(String url) {
    JsonNode r = call("Page.navigate", obj().put("url", url));
    if (r.hasNonNull("errorText")) {
      throw new AssertionError("Chromium could not load " + url + ": " + r.get("errorText"));
    }
    awaitTrue("document.readyState === 'complete'", Duration.ofSeconds(10), "loaded " + url);
  }

  /** The value of a JavaScript expression (a promise is awaited), as JSON. */
  public JsonNode eval(String expression) {
    return eval(expression, CALL_DEADLINE);
  }

  private JsonNode eval(String expression, Duration deadline) {
    JsonNode r =
        call(
            session,
            "Runtime.evaluate",
            obj()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true),
            deadline);
    if (r.has("exceptionDetails")) {
      JsonNode ex = r.get("exceptionDetails");
      throw new AssertionError(
          "the page threw evaluating "
              + expression
              + ": "
              + ex.path("exception").path("description").asText(ex.path("text").asText()));
    }
    return r.path("result").path("value");
  }

  /** The expression's value as text ({@code ""} for null or undefined). */
  public String text(String expression) {
    JsonNode v = eval(expression);
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  /**
   * Waits, with the page's own timer, until the JavaScript expression {@code condition} is truthy.
   *
   * @throws AssertionError naming {@code description} and the page's problems after {@code timeout}
   */
  public void awaitTrue(String condition, Duration timeout, String description) {
    String poll =
        "new Promise(done => { const end = Date.now() + "
            + timeout.toMillis()
            + "; const check = () => { let ok = false; try { ok = !!(function () { return ("
            + condition
            + "); })(); } catch (e) { ok = false; }"
            + " if (ok || Date.now() > end) done(ok); else setTimeout(check, "
            + PAGE_POLL.toMillis()
            + "); }; check(); })";
    if (!eval(poll, timeout.plus(CALL_DEADLINE)).asBoolean()) {
      throw new AssertionError(
          "not within " + timeout + ": " + description + "; page problems: " + problems);
    }
  }

  /** Emulates a screen of {@code width} x {@code height} CSS pixels. */
  public void viewport(int width, int height, double scale, boolean mobile) {
    call(
        "Emulation.setDeviceMetricsOverride",
        obj()
            .put("width", width)
            .put("height", height)
            .put("deviceScaleFactor", scale)
            .put("mobile", mobile));
  }

  /** Emulates {@code prefers-color-scheme: dark} (or light). */
  public void darkMode(boolean dark) {
    ObjectNode p = obj();
    p.putArray("features")
        .addObject()
        .put("name", "prefers-color-scheme")
        .put("value", dark ? "dark" : "light");
    call("Emulation.setEmulatedMedia", p);
  }

  /** Writes a PNG of the whole page (not just the viewport) to {@code file}. */
  public Path screenshot(Path file) {
    JsonNode size = call("Page.getLayoutMetrics", obj()).get("cssContentSize");
    ObjectNode p = obj().put("format", "png").put("captureBeyondViewport", true);
    p.putObject("clip")
        .put("x", 0)
        .put("y", 0)
        .put("width", size.get("width").asDouble())
        .put("height", size.get("height").asDouble())
        .put("scale", 1);
    byte[] png = Base64.getDecoder().decode(call("Page.captureScreenshot", p).get("data").asText());
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The page's JavaScript exceptions, console errors and browser log errors so far. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Kills the browser (and its helper processes) and waits for it to exit. */
  @Override
  public void close() {
    socket.abort();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      if (!process.waitFor(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Chromium did not exit; its output is in " + dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode call(String method, ObjectNode params) {
    return call(session, method, params, CALL_DEADLINE);
  }

  private JsonNode call(String sessionId, String method, ObjectNode params, Duration deadline) {
    long id = ids.incrementAndGet();
    ObjectNode msg = obj().put("id", id).put("method", method);
    msg.set("params", params);
    if (sessionId != null) {
      msg.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      socket.sendText(msg.toString(), true).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode r = answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      if (r.has("error")) {
        throw new AssertionError("Chromium refused " + method + ": " + r.get("error"));
      }
      return r.get("result");
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("no answer from Chromium to " + method + " within " + deadline, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      pending.remove(id);
    }
  }

  private void onMessage(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.get(m.get("id").asLong());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    JsonNode p = m.path("params");
    switch (m.path("method").asText()) {
      case "Runtime.exceptionThrown" ->
          problems.add(
              "exception: "
                  + p.path("exceptionDetails")
                      .path("exception")
                      .path("description")
                      .asText(p.path("exceptionDetails").path("text").asText()));
      case "Runtime.consoleAPICalled" -> {
        if (p.path("type").asText().equals("error")) {
          problems.add("console.error: " + p.path("args"));
        }
      }
      case "Log.entryAdded" -> {
        JsonNode e = p.path("entry");
        if (e.path("level").asText().equals("error")) {
          problems.add(e.path("source").asText() + ": " + e.path("text").asText());
        }
      }
      default -> {
        // other events are not needed
      }
    }
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private static List<String> portLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of(); // being written
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Assembles fragmented text frames into DevTools messages. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String whole = text.toString();
        text.setLength(0);
        try {
          onMessage(JSON.readTree(whole));
        } catch (IOException e) {
          problems.add("unreadable DevTools message: " + e);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}
