package org.peerprobe.p2p.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the committed seed corpus: for each fuzz target, real valid inputs (named {@code valid-*},
 * which {@code SeedCorpusTest} checks are accepted) and edge cases ({@code edge-*}). Jazzer replays
 * them in the suite and starts fuzzing from them. Regenerate after changing a target's input
 * layout:
 *
 * <pre>
 * ./mvnw -q -B install -DskipTests -pl p2p -am
 * ./mvnw -q -B dependency:build-classpath -pl p2p -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp "p2p/target/test-classes:p2p/target/classes:$(cat p2p/target/cp.txt)" \
 *     org.peerprobe.p2p.fuzz.SeedCorpus p2p/src/test/resources
 * </pre>
 *
 * Files Jazzer added ({@code crash-*}) are kept.
 */
public final class SeedCorpus {
  /** Directory of the seeds of {@code target}: {@code <Class>Inputs/<method>}. */
  static String dir(Class<?> fuzzTest, String method) {
    return fuzzTest.getName().replace('.', '/') + "Inputs/" + method;
  }

  /** Every target's seeds, by corpus directory, then file name. */
  static Map<String, Map<String, byte[]>> all() {
    Map<String, Map<String, byte[]>> out = new LinkedHashMap<>();
    Map<String, byte[]> mss = HandshakeSeeds.multistream();
    out.put(dir(MultistreamFuzzTest.class, "negotiation"), mss);
    out.put(dir(MultistreamFuzzTest.class, "handler"), mss);
    out.put(dir(NoiseFuzzTest.class, "handshakePayload"), HandshakeSeeds.noisePayload());
    out.put(dir(NoiseFuzzTest.class, "responder"), HandshakeSeeds.noiseResponder());
    out.put(dir(NoiseFuzzTest.class, "handshakeHandler"), HandshakeSeeds.noiseHandler());
    out.put(dir(NoiseFuzzTest.class, "transportCodec"), HandshakeSeeds.noiseTransport());
    out.put(dir(YamuxFuzzTest.class, "session"), SessionSeeds.yamux());
    out.put(dir(GossipFuzzTest.class, "rpcDecode"), SessionSeeds.rpc(js()));
    out.put(dir(GossipFuzzTest.class, "routerFrames"), SessionSeeds.router(js()));
    out.put(dir(StreamFuzzTest.class, "identify"), SessionSeeds.identify());
    out.put(dir(StreamFuzzTest.class, "lengthPrefixedReader"), SessionSeeds.reader());
    return out;
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "p2p/src/test/resources");
    for (Map.Entry<String, Map<String, byte[]>> target : all().entrySet()) {
      Path dir = root.resolve(target.getKey());
      Files.createDirectories(dir);
      try (var old = Files.list(dir)) {
        for (Path f : old.toList()) {
          String name = f.getFileName().toString();
          if (name.startsWith("valid-") || name.startsWith("edge-")) {
            Files.delete(f);
          }
        }
      }
      for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
        Files.write(dir.resolve(seed.getKey()), seed.getValue());
      }
      System.out.println(dir + ": " + target.getValue().size() + " seeds");
    }
  }

  /** The js-libp2p known-answer vectors ({@code js-vectors.json}). */
  static JsonNode js() {
    try (InputStream in = SeedCorpus.class.getResourceAsStream("/js-vectors.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A minimal unsigned varint. */
  static byte[] uvarint(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (v >= 0x80) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  /** {@code uvarint(len) ‖ body}. */
  static byte[] prefixed(byte[] body) {
    return concat(uvarint(body.length), body);
  }

  /** {@code u16(len) ‖ body}: a Noise frame. */
  static byte[] u16(byte[] body) {
    return concat(new byte[] {(byte) (body.length >>> 8), (byte) body.length}, body);
  }

  private SeedCorpus() {}
}
