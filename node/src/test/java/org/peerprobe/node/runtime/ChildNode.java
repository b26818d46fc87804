package org.peerprobe.node.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node in a child JVM ({@link ChildNodeMain}) on the test classpath: its stdout is read for the
 * rounds it reports (and kept for diagnostics, with its stderr, which goes to a file). {@link
 * #kill()} is SIGKILL, {@link #stop()} SIGTERM (a clean stop through the shutdown hook). Both keep
 * stdin open, so the child's parent watchdog stays quiet until {@link #forceClose()}.
 */
final class ChildNode {
  private static final Duration EXIT_DEADLINE = Duration.ofSeconds(20);

  private final Process process;
  private final Path stderr;
  private final Thread pump;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stoppedCleanly = new AtomicBoolean();
  private final ConcurrentSkipListSet<Long> reportedRounds = new ConcurrentSkipListSet<>();
  private final List<String> stdout = new CopyOnWriteArrayList<>();

  private ChildNode(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.pump = new Thread(this::readStdout, "child-node-stdout-" + process.pid());
    pump.setDaemon(true);
    pump.start();
  }

  static ChildNode start(Path config, Path stderr) throws IOException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ChildNodeMain.class.getName(),
                config.toString())
            .redirectError(stderr.toFile())
            .start();
    return new ChildNode(p, stderr);
  }

  private void readStdout() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        stdout.add(line);
        if (line.startsWith(ChildNodeMain.STARTED)) {
          started.set(true);
        } else if (line.equals(ChildNodeMain.STOPPED)) {
          stoppedCleanly.set(true);
        } else if (line.startsWith(ChildNodeMain.REPORTED)) {
          reportedRounds.add(Long.parseLong(line.substring(ChildNodeMain.REPORTED.length())));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The process is gone, or printed something else: the rounds seen so far stand.
    }
  }

  boolean isStarted() {
    return started.get();
  }

  /** Whether the shutdown hook finished closing the node (after {@link #stop()}). */
  boolean stoppedCleanly() {
    return stoppedCleanly.get();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The rounds the node said it published a report for, in order. */
  List<Long> reportedRounds() {
    return List.copyOf(reportedRounds);
  }

  /** SIGKILL; returns the exit status (128 + 9) once everything it printed was read. */
  int kill() throws InterruptedException {
    // Through the handle: Process.destroy*() would also close the pipes, losing unread lines.
    process.toHandle().destroyForcibly();
    return awaitExit();
  }

  /** SIGTERM; returns the exit status (128 + 15) once everything it printed was read. */
  int stop() throws InterruptedException {
    process.toHandle().destroy();
    return awaitExit();
  }

  private int awaitExit() throws InterruptedException {
    long deadline = System.nanoTime() + EXIT_DEADLINE.toNanos();
    if (!process.waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child node did not exit within " + EXIT_DEADLINE);
    }
    pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    if (pump.isAlive()) {
      throw new AssertionError("child node's output not drained within " + EXIT_DEADLINE);
    }
    return process.exitValue();
  }

  /** Kills the process if it still runs, and closes its pipes. */
  void forceClose() {
    process.destroyForcibly();
  }

  /** The child's output so far (its log is on stdout), for assertion messages. */
  String output() {
    String err;
    try {
      err = Files.readString(stderr);
    } catch (IOException e) {
      err = "(unreadable: " + e + ")";
    }
    return "child stdout:\n" + String.join("\n", stdout) + "\nchild stderr:\n" + err;
  }
}
