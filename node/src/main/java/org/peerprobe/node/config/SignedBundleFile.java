package org.peerprobe.node.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.validation.Validated;

/**
 * The signed network bundle file ({@code network.json}): the canonical JSON of a {@link
 * SignedBundle} (see docs/protocol.md §4.6) and a final newline, as the operator distributes it.
 */
public final class SignedBundleFile {
  private SignedBundleFile() {}

  /**
   * Reads and decodes {@code file} without checking who signed it.
   *
   * @throws ConfigException naming the file and the field of what is wrong
   */
  public static SignedBundle read(Path file) {
    byte[] bytes = ConfigFile.readBytes(file, NetworkBundle.MAX_ENCODED_BYTES, "signed bundle");
    Validated<SignedBundle> v = SignedBundle.decode(bytes);
    if (v instanceof Validated.Invalid<SignedBundle> bad) {
      throw new ConfigException(describe(file, bad));
    }
    return v.orElseThrow();
  }

  /**
   * Reads {@code file} and accepts it only when signed by {@code trustedOperator} and, when a
   * bundle is held, for the same network with a higher version.
   *
   * @throws ConfigException naming the file and the reason (e.g. {@code NOT_THE_OPERATOR})
   */
  public static NetworkBundle load(
      Path file, Ed25519PublicKey trustedOperator, Optional<NetworkBundle> current) {
    Validated<NetworkBundle> v = read(file).verify(trustedOperator, current);
    if (v instanceof Validated.Invalid<NetworkBundle> bad) {
      throw ConfigException.ofFile(file, "refused: " + bad.rejection() + ": " + bad.detail());
    }
    return v.orElseThrow();
  }

  /** Writes {@code bundle} to {@code file} atomically (readable by all: it is not secret). */
  public static void write(Path file, SignedBundle bundle) throws IOException {
    byte[] canonical = bundle.encode();
    byte[] out = java.util.Arrays.copyOf(canonical, canonical.length + 1);
    out[canonical.length] = '\n';
    AtomicFiles.write(file, out, AtomicFiles.WORLD_READABLE, true);
  }

  private static ConfigError describe(Path file, Validated.Invalid<?> bad) {
    String d = bad.detail();
    int colon = d.indexOf(": ");
    String field = colon < 0 ? "" : d.substring(0, colon);
    String reason = colon < 0 ? d : d.substring(colon + 2);
    return new ConfigError(file, 0, 0, field, bad.rejection() + ": " + reason);
  }
}
