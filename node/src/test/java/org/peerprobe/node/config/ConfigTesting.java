package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers for configuration tests: files from lines, and the errors a load reports. */
final class ConfigTesting {
  /** PeerId of the libp2p spec test key (docs/protocol.md §1). */
  static final String PEER_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

  static final String PEER_KEY_HEX =
      "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  private ConfigTesting() {}

  static Path file(Path dir, String name, String... lines) {
    Path p = dir.resolve(name);
    try {
      Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** The errors {@code load} throws; fails when it does not throw a ConfigException. */
  static List<ConfigError> errors(ThrowingCallable load) {
    ConfigException[] caught = new ConfigException[1];
    assertThatThrownBy(load).isInstanceOfSatisfying(ConfigException.class, e -> caught[0] = e);
    return caught[0].errors();
  }
}
