package org.peerprobe.cli;

import java.io.PrintWriter;
import org.peerprobe.node.config.ConfigError;
import org.peerprobe.node.config.ConfigException;
import picocli.CommandLine.Model.CommandSpec;

/** Prints why a command refused its input, and returns exit code 1. */
final class Failures {
  /** The input was rejected: a file, field or option is wrong. */
  static final int INVALID_INPUT = 1;

  private Failures() {}

  /** Prints every problem of {@code e}, one per line, as {@code FILE:LINE:COLUMN: FIELD: msg}. */
  static int report(CommandSpec spec, ConfigException e) {
    PrintWriter err = spec.commandLine().getErr();
    int n = e.errors().size();
    err.println(name(spec) + ": " + (n == 1 ? "1 problem:" : n + " problems:"));
    for (ConfigError c : e.errors()) {
      err.println("  " + c);
    }
    err.flush();
    return INVALID_INPUT;
  }

  /** Prints one problem. */
  static int report(CommandSpec spec, String message) {
    spec.commandLine().getErr().println(name(spec) + ": " + message);
    spec.commandLine().getErr().flush();
    return INVALID_INPUT;
  }

  private static String name(CommandSpec spec) {
    return spec.qualifiedName(" ");
  }
}
