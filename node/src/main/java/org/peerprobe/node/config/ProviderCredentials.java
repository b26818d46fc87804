package org.peerprobe.node.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.peerprobe.node.dns.Secret;

/**
 * A provider's credential, named in configuration by exactly one of {@code <base>Env} (the name of
 * an environment variable holding it) or {@code <base>File} (a file holding it, relative to the
 * configuration's directory, readable and writable by its owner only, like a {@link KeyFile}).
 *
 * <p>No message ever holds the credential. A file that is not found is not named either (only its
 * directory): someone who pasted the secret itself into {@code <base>File} must not find it in a
 * log. The value is stripped of surrounding whitespace (a file's final newline).
 */
final class ProviderCredentials {
  /** Largest credential file read. */
  static final int MAX_FILE_BYTES = 4096;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private ProviderCredentials() {}

  /**
   * The credential named by {@code <base>Env} or {@code <base>File} of {@code s}; empty after
   * recording a problem (neither or both given, the variable unset or empty, the file missing,
   * empty, too large or accessible to group or others).
   *
   * @param what what the credential is, for messages, e.g. {@code the API token}
   */
  static Optional<Secret> read(Section s, String base, String what, Function<String, String> env) {
    String envKey = base + "Env";
    String fileKey = base + "File";
    boolean hasEnv = s.has(envKey);
    boolean hasFile = s.has(fileKey);
    if (hasEnv && hasFile) {
      s.file()
          .error(
              s.get(fileKey).orElseThrow(),
              s.field(fileKey),
              "give " + what + " either by " + envKey + " or by " + fileKey + ", not both");
      return Optional.empty();
    }
    if (!hasEnv && !hasFile) {
      s.file()
          .error(
              s.node(),
              s.field(envKey),
              "is required: "
                  + what
                  + ", as "
                  + envKey
                  + " (the name of an environment variable holding it) or "
                  + fileKey
                  + " (a file holding it, chmod 600)");
      return Optional.empty();
    }
    return hasEnv ? fromEnv(s, envKey, what, env) : fromFile(s, fileKey, what);
  }

  /** The directory relative paths of {@code s}'s file are resolved against. */
  static Path directory(Section s) {
    return s.file().file().toAbsolutePath().getParent();
  }

  private static Optional<Secret> fromEnv(
      Section s, String key, String what, Function<String, String> env) {
    YamlNode node = s.get(key).orElseThrow();
    Optional<String> name =
        Section.scalar(s.file(), node, s.field(key), "", ProviderCredentials::envName);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    String value = env.apply(name.get());
    if (value == null || value.isBlank()) {
      s.file()
          .error(
              node,
              s.field(key),
              "environment variable "
                  + name.get()
                  + " is not set or is empty; it must hold "
                  + what);
      return Optional.empty();
    }
    return Optional.of(Secret.of(value.strip(), "env " + name.get()));
  }

  private static Optional<Secret> fromFile(Section s, String key, String what) {
    YamlNode node = s.get(key).orElseThrow();
    Optional<Path> path =
        Section.scalar(s.file(), node, s.field(key), "", ProviderCredentials::path);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    Path file = directory(s).resolve(path.get()).normalize();
    try {
      return Optional.of(Secret.of(readSecretFile(file, what), "file " + file));
    } catch (IllegalArgumentException e) {
      s.file().error(node, s.field(key), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The stripped text of a credential file.
   *
   * @throws IllegalArgumentException saying what is wrong and how to fix it, never the content
   */
  static String readSecretFile(Path file, String what) {
    String dir = String.valueOf(file.getParent());
    try {
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(
            "names a directory in " + dir + "; it must name a file holding " + what);
      }
      checkPermissions(file);
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            "the file has " + size + " bytes, more than the limit of " + MAX_FILE_BYTES);
      }
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString()
                .strip();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("the file is not UTF-8 text");
      }
      if (text.isEmpty()) {
        throw new IllegalArgumentException("the file " + file + " is empty; it must hold " + what);
      }
      return text;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "no such file in "
              + dir
              + " (relative paths are relative to the configuration file's directory)");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the file in " + dir + ": " + e.getClass().getSimpleName());
    }
  }

  private static void checkPermissions(Path file) throws IOException {
    Optional<Set<PosixFilePermission>> open = AtomicFiles.openToOthers(file);
    if (open.isPresent()) {
      Set<PosixFilePermission> perms = open.get();
      throw new IllegalArgumentException(
          "the file's permissions are "
              + PosixFilePermissions.toString(perms)
              + ": other users can read or change this credential. Fix with: chmod 600 "
              + file);
    }
  }

  /** A path; an invalid one is not echoed (it may be the secret itself). */
  static Path path(String text) {
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("is not a valid file path");
    }
  }

  private static String envName(String text) {
    if (!ENV_NAME.matcher(text).matches()) {
      // Never echo the value: it may be the secret itself, pasted into the wrong field.
      throw new IllegalArgumentException(
          "must be the name of an environment variable (letters, digits and '_', not starting"
              + " with a digit), not the credential itself");
    }
    return text;
  }
}
