package org.peerprobe.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node running as a volunteer runs it: {@code java <jvm options> -jar peerprobe.jar node --config
 * node.yaml} in a child process, its output in {@code node.log} next to its configuration.
 */
final class NodeProcess {
  /** How long a node may take to stop on SIGTERM (it closes its store) before it is killed. */
  static final Duration STOP_DEADLINE = Duration.ofSeconds(20);

  private final String name;
  private final Path log;
  private final Process process;

  private NodeProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static NodeProcess start(String name, Path jar, Path config, List<String> jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "node", "--config", config.toString()));
    Path log = config.resolveSibling("node.log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new NodeProcess(name, log, p);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status, once the process has ended. */
  int exitValue() {
    return process.exitValue();
  }

  /** The last {@code lines} lines of the node's output. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The node's output so far, line by line (empty when there is none yet). */
  java.util.stream.Stream<String> logLines() {
    try {
      return Files.readAllLines(log).stream();
    } catch (IOException e) {
      return java.util.stream.Stream.empty();
    }
  }

  /** SIGTERM, as systemd stops the service; SIGKILL if it does not end in time. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
