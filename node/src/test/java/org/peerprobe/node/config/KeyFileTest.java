package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.node.config.ConfigTesting.errors;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.testing.TestKeys;

class KeyFileTest {
  @TempDir Path dir;

  private final Ed25519KeyPair key = TestKeys.key(7);

  private String seedHex() {
    return HexFormat.of().formatHex(key.seed());
  }

  @Test
  void writesOwnerOnlyAndReadsBack() throws Exception {
    Path f = dir.resolve("node.key");
    KeyFile.write(f, key, false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(KeyFile.read(f)).isEqualTo(key);
    assertThat(Files.readString(f))
        .startsWith(
            "{\"format\":\"peerprobe-ed25519-seed-v1\",\"publicKey\":\"" + key.publicKey().hex())
        .endsWith("\"}\n");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void neverOverwritesUnlessTold() throws Exception {
    Path f = dir.resolve("node.key");
    KeyFile.write(f, key, false);
    assertThatThrownBy(() -> KeyFile.write(f, TestKeys.key(8), false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(KeyFile.read(f)).isEqualTo(key);
    KeyFile.write(f, TestKeys.key(8), true);
    assertThat(KeyFile.read(f)).isEqualTo(TestKeys.key(8));
  }

  @Test
  void refusesAKeyOthersCanRead() throws Exception {
    Path f = dir.resolve("node.key");
    KeyFile.write(f, key, false);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    List<ConfigError> e = errors(() -> KeyFile.read(f));
    assertThat(e).hasSize(1);
    assertThat(e.get(0).message())
        .contains("rw-r--r--", "other users can read or change this secret key", "chmod 600 " + f)
        .doesNotContain(seedHex());
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-----w-"));
    assertThat(errors(() -> KeyFile.read(f)).get(0).message()).contains("chmod 600");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
    assertThat(KeyFile.read(f)).isEqualTo(key);
  }

  @Test
  void refusesDamagedOrForeignFilesWithoutShowingTheSeed() throws Exception {
    Path f = dir.resolve("node.key");
    String other = TestKeys.key(9).publicKey().hex();
    writeOwnerOnly(
        f,
        "{\"format\":\"peerprobe-ed25519-seed-v1\",\"publicKey\":\""
            + other
            + "\",\"seed\":\""
            + seedHex()
            + "\"}");
    assertThat(errors(() -> KeyFile.read(f)).get(0).message()).contains("does not match its seed");

    writeOwnerOnly(f, "{\"format\":\"peerprobe-ed25519-seed-v1\",\"seed\":\"" + seedHex() + "\"}");
    assertThat(errors(() -> KeyFile.read(f)).get(0))
        .satisfies(e -> assertThat(e.field()).isEqualTo("key.publicKey"));

    writeOwnerOnly(f, seedHex());
    ConfigError e = errors(() -> KeyFile.read(f)).get(0);
    assertThat(e.message()).isEqualTo("not a peerprobe key file: not valid JSON");
    assertThat(e.toString()).doesNotContain(seedHex().substring(0, 16));

    assertThat(errors(() -> KeyFile.read(dir.resolve("missing.key"))).get(0).message())
        .contains("key file not found", "peerprobe init");
  }

  private static void writeOwnerOnly(Path f, String text) throws Exception {
    AtomicFiles.write(f, text.getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY, true);
  }

  @Test
  void theKeyPairNeverPrintsItsSeed() {
    assertThat(key.toString()).doesNotContain(seedHex()).contains(key.publicKey().hex());
  }
}
