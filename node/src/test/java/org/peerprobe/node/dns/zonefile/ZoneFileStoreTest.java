package org.peerprobe.node.dns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.peerprobe.node.dns.ProviderCalls.failure;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;

/** How file system errors become provider failures. */
class ZoneFileStoreTest {
  @TempDir Path dir;

  private ZoneFileStore store() {
    return new ZoneFileStore(
        ZoneFileConfig.builder().id("zf").file(dir.resolve("z.zone")).zone("example.test").build());
  }

  @Test
  void permissionDeniedIsAuthFailedMissingDirectoryUnavailable() {
    ZoneFileStore s = store();

    ProviderException denied = s.failure("update", new AccessDeniedException(dir.toString()));
    assertThat(denied)
        .isInstanceOf(ProviderException.AuthFailed.class)
        .hasMessageContaining("mode");
    assertThat(denied.retryable()).isFalse();
    assertThat(s.failure("read", new NoSuchFileException("x")))
        .isInstanceOf(ProviderException.Unavailable.class)
        .hasMessageContaining("does not exist");
    assertThat(s.failure("read", new IOException("disk full")))
        .isInstanceOf(ProviderException.Unavailable.class)
        .hasMessageContaining("disk full");
  }

  @Test
  void aReadOnlyDirectoryFailsAWriteAsAuthFailed() throws IOException {
    Path file = dir.resolve("z.zone");
    Files.writeString(file, "$TTL 60\n@ IN SOA ns1 hostmaster ( 1 3600 600 86400 60 )\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    try {
      assumeFalse(Files.isWritable(dir), "permissions do not bind this user (root)");
      try (ZoneFileProvider p =
          ZoneFileProvider.open(
              ZoneFileConfig.builder().id("zf").file(file).zone("example.test").build())) {
        RecordSet a = RecordSet.of("a.example.test.", "A", 60, "127.0.0.1");
        assertThat(failure(p.write(RecordWrite.of(a))))
            .isInstanceOf(ProviderException.AuthFailed.class);
      }
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
