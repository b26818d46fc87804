package org.peerprobe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the canonical (RFC 8785 subset) form of a JSON document, as peerprobe signs it. */
@Command(
    name = "canonicalize",
    mixinStandardHelpOptions = true,
    description = {
      "Print the canonical JSON of a file or stdin, exactly as peerprobe signs it.",
      "(The RFC 8785 subset of docs/protocol.md: floats, nulls, duplicate keys and integers"
          + " beyond 2^53-1 are rejected.)"
    })
final class CanonicalizeCommand implements Callable<Integer> {
  /** Largest input read, in bytes. */
  static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "JSON file (default: stdin)")
  Path file;

  @Option(names = "--hex", description = "print the canonical bytes as hex instead of text")
  boolean hex;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    byte[] bytes;
    try (InputStream in = file == null ? System.in : Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
    }
    String source = file == null ? "stdin" : file.toString();
    try {
      byte[] canonical = CanonicalJson.encode(CanonicalJson.parse(bytes, MAX_INPUT_BYTES));
      spec.commandLine()
          .getOut()
          .println(
              hex
                  ? java.util.HexFormat.of().formatHex(canonical)
                  : new String(canonical, java.nio.charset.StandardCharsets.UTF_8));
      return 0;
    } catch (DecodeException e) {
      spec.commandLine().getErr().println("canonicalize: " + source + ": " + e.getMessage());
      return 1;
    }
  }
}
