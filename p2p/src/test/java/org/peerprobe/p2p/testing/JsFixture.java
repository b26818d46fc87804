package org.peerprobe.p2p.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@link JsPeer}'s js-libp2p fixture and {@code node} binary are, and the checks that fail a
 * test with what to install when either is missing or too old (such tests fail, never skip).
 */
final class JsFixture {
  static final int MIN_NODE_MAJOR = 20;
  static final int MIN_NODE_MINOR = 19;
  static final String INSTALL_HINT =
      "run `bash .ci/run` from the repository root, or `npm ci --no-audit --no-fund` in"
          + " p2p/src/test/js";

  private JsFixture() {}

  /**
   * {@code -Dpeerprobe.jsFixtureDir} if set, else {@code src/test/js} under the working directory
   * (Surefire runs in the module directory), else {@code p2p/src/test/js} under it (the repository
   * root, as in an IDE).
   */
  static Path defaultDir() {
    String override = System.getProperty(JsPeer.FIXTURE_DIR_PROPERTY);
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath();
    }
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path inModule = cwd.resolve("src/test/js");
    if (Files.isRegularFile(inModule.resolve("peer.mjs"))) {
      return inModule;
    }
    Path inRoot = cwd.resolve("p2p/src/test/js");
    return Files.isRegularFile(inRoot.resolve("peer.mjs")) ? inRoot : inModule;
  }

  static String defaultNodeBinary() {
    String env = System.getenv(JsPeer.NODE_ENV);
    return env != null && !env.isBlank() ? env : "node";
  }

  static void checkDir(Path dir) {
    if (!Files.isRegularFile(dir.resolve("peer.mjs"))) {
      throw new IllegalStateException(
          "js-libp2p fixture not found: no peer.mjs in "
              + dir
              + " (user.dir is "
              + System.getProperty("user.dir")
              + "; set -D"
              + JsPeer.FIXTURE_DIR_PROPERTY
              + ")");
    }
    if (!Files.isRegularFile(dir.resolve("node_modules/libp2p/package.json"))
        || !Files.isRegularFile(dir.resolve("node_modules/@libp2p/gossipsub/package.json"))) {
      throw new IllegalStateException(
          "js-libp2p fixture packages are not installed: "
              + dir.resolve("node_modules")
              + " is missing or incomplete; "
              + INSTALL_HINT);
    }
  }

  /** node binaries already checked in this JVM. */
  private static final Map<String, String> CHECKED_NODES = new LinkedHashMap<>();

  static synchronized void checkNode(String node) {
    if (CHECKED_NODES.containsKey(node)) {
      return;
    }
    String version;
    try {
      Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(200);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("`" + node + " --version` did not finish within 10 s");
      }
      version = new String(out, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Node.js is required for the js-libp2p interop tests but `"
              + node
              + "` cannot be run ("
              + e.getMessage()
              + "); "
              + INSTALL_HINT
              + " (or set "
              + JsPeer.NODE_ENV
              + " to a node >= 20.19)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + node, e);
    }
    Matcher m = Pattern.compile("^v(\\d+)\\.(\\d+)\\.").matcher(version);
    if (!m.find()) {
      throw new IllegalStateException("`" + node + " --version` printed `" + version + "`");
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major < MIN_NODE_MAJOR || (major == MIN_NODE_MAJOR && minor < MIN_NODE_MINOR)) {
      throw new IllegalStateException(
          "Node.js " + version + " is too old for js-libp2p 3.x (need >= 20.19); " + INSTALL_HINT);
    }
    CHECKED_NODES.put(node, version);
  }
}
