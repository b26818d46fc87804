package org.peerprobe.node.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;

/**
 * A node's (or the operator's) Ed25519 key on disk.
 *
 * <p>Format: one line of JSON, {@code {"format":"peerprobe-ed25519-seed-v1","publicKey":"<64
 * hex>","seed":"<64 hex>"}}: the RFC 8032 seed (the private key) and the public key it derives,
 * which is checked on reading so a damaged file is refused instead of becoming another identity.
 * The reader is the strict canonical-JSON decoder: unknown fields, duplicates and uppercase hex are
 * refused.
 *
 * <p>Written atomically with permissions {@code rw-------} from the moment the file exists. Read
 * only when neither group nor others may read or write it ({@code chmod 600 FILE} fixes that); on
 * file systems without POSIX permissions this check cannot be made and is skipped. The seed never
 * appears in messages.
 */
public final class KeyFile {
  /** The value of {@code format}. */
  public static final String FORMAT = "peerprobe-ed25519-seed-v1";

  /** Largest key file read. */
  static final int MAX_BYTES = 4096;

  private static final Set<String> FIELDS = Set.of("format", "publicKey", "seed");

  private KeyFile() {}

  /**
   * Writes {@code key} to {@code file} (owner-only, atomically).
   *
   * @param overwrite whether an existing file may be replaced (that replaces an identity)
   * @throws java.nio.file.FileAlreadyExistsException when it exists and {@code overwrite} is false
   */
  public static void write(Path file, Ed25519KeyPair key, boolean overwrite) throws IOException {
    ObjectNode o = CanonicalJson.object();
    o.put("format", FORMAT);
    o.put("publicKey", key.publicKey().hex());
    byte[] seed = key.seed();
    o.put("seed", HexFormat.of().formatHex(seed));
    java.util.Arrays.fill(seed, (byte) 0);
    byte[] text = (CanonicalJson.encodeToString(o) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, text, AtomicFiles.OWNER_ONLY, overwrite);
  }

  /**
   * Reads the key in {@code file}.
   *
   * @throws ConfigException when the file is missing, readable or writable by group or others,
   *     malformed, or its public key does not match its seed
   */
  public static Ed25519KeyPair read(Path file) {
    checkPermissions(file);
    byte[] bytes = ConfigFile.readBytes(file, MAX_BYTES, "key file");
    try {
      Fields f = Fields.of(CanonicalJson.parse(bytes, MAX_BYTES, "key"), "key", FIELDS);
      String format = f.text("format", 64);
      if (!format.equals(FORMAT)) {
        throw ConfigException.ofFile(
            file, "key file format is '" + format + "', expected '" + FORMAT + "'");
      }
      Ed25519PublicKey declared = f.publicKey("publicKey");
      byte[] seed = HexFormat.of().parseHex(f.hash("seed"));
      Ed25519KeyPair key = Ed25519KeyPair.fromSeed(seed);
      java.util.Arrays.fill(seed, (byte) 0);
      if (!key.publicKey().equals(declared)) {
        throw ConfigException.ofFile(
            file, "the key file's publicKey does not match its seed: the file is damaged");
      }
      return key;
    } catch (DecodeException e) {
      throw new ConfigException(decodeError(file, e, "not a peerprobe key file"));
    }
  }

  /**
   * A decoder failure as a configuration error: the field path and the reason, without the parser's
   * echo of the input (which could be secret).
   */
  static ConfigError decodeError(Path file, DecodeException e, String what) {
    String m = e.getMessage();
    int colon = m.indexOf(": ");
    String field = colon < 0 ? "" : m.substring(0, colon);
    String reason = colon < 0 ? m : m.substring(colon + 2);
    if (reason.startsWith("not valid JSON")) {
      reason = "not valid JSON";
    }
    return new ConfigError(file, 0, 0, field, what + ": " + reason);
  }

  /**
   * Refuses a key file that group or others may access, telling how to fix it.
   *
   * @throws ConfigException when they may
   */
  public static void checkPermissions(Path file) {
    Optional<Set<PosixFilePermission>> open;
    try {
      open = AtomicFiles.openToOthers(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw ConfigException.ofFile(file, "key file not found (create one with `peerprobe init`)");
    } catch (IOException e) {
      throw ConfigException.ofFile(file, "cannot read key file permissions: " + e);
    }
    if (open.isPresent()) {
      Set<PosixFilePermission> perms = open.get();
      throw ConfigException.ofFile(
          file,
          "key file permissions are "
              + PosixFilePermissions.toString(perms)
              + ": other users can read or change this secret key. Fix with: chmod 600 "
              + file);
    }
  }
}
