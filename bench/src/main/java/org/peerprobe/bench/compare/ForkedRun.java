package org.peerprobe.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one {@link Measurement} in a JVM of its own, as JMH forks: a CPU-bound row measured after
 * the 25-node failover rows in the same JVM inherits their heap, their leftover threads and a JIT
 * profile shaped by other code (the 10,000-observer tally measured 10–20 % slower that way). The
 * child is this JVM's {@code java} with the same class path and JVM options; its progress goes to
 * this process's stderr, its rows come back on stdout as one JSON object per line after {@link
 * #ROW}.
 */
final class ForkedRun {
  /** Marks a row on the child's stdout. */
  static final String ROW = "bench-row ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ForkedRun() {}

  /** Runs {@code name} in a child JVM and returns its rows; fails if the child fails. */
  static List<Row> run(String name, BenchOptions options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchMain.class.getName());
    cmd.add("--child");
    cmd.add(name);
    cmd.add("--seed");
    cmd.add(Long.toString(options.seed()));
    if (options.quick()) {
      cmd.add("--quick");
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    List<Row> rows = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(ROW)) {
          rows.add(read(JSON.readTree(line.substring(ROW.length()))));
        } else {
          options.log().println(line);
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("bench: " + name + " failed in its JVM (exit " + exit + ")");
    }
    return rows;
  }

  /** The child's side: runs {@code m} here and prints its rows for the parent. */
  static void child(Measurement m, BenchOptions options, PrintStream out) throws Exception {
    for (Row r : m.run(options)) {
      out.println(ROW + write(r));
    }
    out.flush();
  }

  static String write(Row r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("section", r.section()).put("scenario", r.scenario()).put("peerprobe", r.peerprobe());
    r.baseline().ifPresent(b -> o.put("baseline", b));
    r.target().ifPresent(t -> o.put("target", t));
    r.met().ifPresent(m -> o.put("met", m));
    return o.toString();
  }

  static Row read(JsonNode o) {
    return new Row(
        o.path("section").asText(),
        o.path("scenario").asText(),
        o.path("peerprobe").asText(),
        text(o, "baseline"),
        text(o, "target"),
        o.has("met") ? Optional.of(o.get("met").asBoolean()) : Optional.empty());
  }

  private static Optional<String> text(JsonNode o, String field) {
    return o.hasNonNull(field) ? Optional.of(o.get(field).asText()) : Optional.empty();
  }
}
