package org.peerprobe.consensus.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.peerprobe.consensus.canonical.CanonicalJson;

/**
 * Writes the protocol test vectors, {@code vectors.json}: the contract other implementations are
 * checked against (see docs/protocol.md). {@code ProtocolVectorsTest} fails when the file and the
 * code disagree; run this after a deliberate protocol change:
 *
 * <pre>
 * ./mvnw -q -B -pl consensus test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.peerprobe.consensus.vectors.VectorGenerator \
 *     -Dexec.args=consensus/src/test/resources/vectors/vectors.json
 * </pre>
 */
public final class VectorGenerator {
  /** Where the file lives, relative to the repository root. */
  public static final String DEFAULT_PATH = "consensus/src/test/resources/vectors/vectors.json";

  static final String REGENERATE =
      "./mvnw -q -B -pl consensus test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java"
          + " -Dexec.classpathScope=test"
          + " -Dexec.mainClass=org.peerprobe.consensus.vectors.VectorGenerator"
          + " -Dexec.args="
          + DEFAULT_PATH;

  private VectorGenerator() {}

  public static void main(String[] args) throws IOException {
    Path path = Path.of(args.length > 0 ? args[0] : DEFAULT_PATH);
    Files.write(path, render());
    System.out.println("wrote " + path.toAbsolutePath());
  }

  /** The file's exact bytes: pretty-printed UTF-8 JSON, LF line ends, a final newline. */
  static byte[] render() {
    // The pretty printer ends lines with the platform's separator; strings are escaped, so every
    // raw CR in its output belongs to a line end.
    String text = new String(CanonicalJson.pretty(generate()), StandardCharsets.UTF_8);
    return text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode generate() {
    Scenario s = new Scenario();
    ObjectNode o = CanonicalJson.object();
    o.put("format", "peerprobe protocol test vectors");
    o.put("version", 1);
    o.put("spec", "docs/protocol.md");
    o.put("regenerate", REGENERATE);
    ArrayNode notes = o.putArray("notes");
    notes.add(
        "All hex is lowercase. Where both a text field and its *Hex twin are present, the hex is"
            + " the UTF-8 of the text; *Hex is left out for byte strings over 1 KiB, and text is"
            + " left out for bytes that are not well-formed UTF-8.");
    notes.add(
        "'canonical' and 'encoded' hold the canonical JSON text itself (UTF-8 once written).");
    notes.add(
        "'javaDetail' is the reference implementation's message; only the outcome is normative.");
    notes.add(
        "Signatures are deterministic (RFC 8032): signing the signing input with the seed"
            + " must give exactly the signature shown.");
    o.set("domains", MessageVectors.domains());
    o.set("keys", VectorKeys.toJson());
    o.set("canonicalization", JsonVectors.canonicalization());
    o.set("rejectedJson", JsonVectors.rejected());
    o.set("reports", MessageVectors.reports(s));
    o.set("roster", MessageVectors.roster(s));
    o.set("bundle", MessageVectors.bundle(s));
    o.set("certificates", MessageVectors.certificates(s));
    o.set("decisions", MessageVectors.decisions(s));
    o.set("commands", MessageVectors.commands(s));
    o.set("receipts", ReceiptVectors.vectors(s));
    o.set("failover", MessageVectors.failover(s));
    o.set("support", RuleVectors.support());
    o.set("decoding", DecodingVectors.all(s));
    o.set("rejectedPublicKeys", RuleVectors.rejectedPublicKeys());
    o.set("rejectedSignatures", RuleVectors.rejectedSignatures(s));
    o.set("limits", RuleVectors.limits());
    return o;
  }
}
