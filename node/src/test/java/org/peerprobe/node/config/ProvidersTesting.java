package org.peerprobe.node.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.node.dns.ProviderSpec;

/** Reads a file whose only key is {@code providers:}, as any configuration file would. */
final class ProvidersTesting {
  /** A valid TSIG secret (32 bytes, base64). */
  static final String TSIG_SECRET = "R/jRFI/dALyVQ4kuFLOLpRASQpFJMhc8JoB1pxpUM38=";

  private ProvidersTesting() {}

  static List<ProviderSpec> load(Path file, Map<String, String> env, Optional<String> zone) {
    ConfigFile c = ConfigFile.read(file, env::get);
    Optional<Section> root = c.rootSection(Set.of("providers", "zone"));
    if (root.isEmpty()) {
      c.throwIfErrors();
    }
    List<ProviderSpec> specs =
        ProvidersSection.read(root.orElseThrow(), "providers", zone, env::get);
    c.throwIfErrors();
    return specs;
  }

  /** Writes {@code text} to {@code name} in {@code dir} with permissions {@code perms}. */
  static Path secretFile(Path dir, String name, String text, String perms) {
    Path p = dir.resolve(name);
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
