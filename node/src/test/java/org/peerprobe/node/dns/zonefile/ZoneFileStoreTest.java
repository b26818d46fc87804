package org.peerprobe.node.dns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.ProviderException;

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
}
