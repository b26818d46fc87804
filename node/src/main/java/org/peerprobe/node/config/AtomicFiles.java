package org.peerprobe.node.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes whole files atomically: the content goes to a temporary file in the same directory, is
 * flushed to disk, then renamed over the target, so a reader sees the old file or the new one,
 * never half of one. With permissions given, the temporary file is created with them (no moment
 * where it has wider ones).
 */
public final class AtomicFiles {
  /** Owner read and write only: {@code rw-------}. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** Owner read and write, everyone read: {@code rw-r--r--}. */
  public static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      java.util.EnumSet.complementOf(
          java.util.EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));

  private AtomicFiles() {}

  /**
   * The permissions of {@code file} when its group or others may access it (a secret there is not
   * secret); empty when only its owner may, or the file system has no POSIX permissions.
   */
  public static java.util.Optional<Set<PosixFilePermission>> openToOthers(Path file)
      throws IOException {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return java.util.Optional.empty(); // e.g. FAT: there is nothing to check
    }
    return perms.stream().anyMatch(GROUP_OR_OTHERS::contains)
        ? java.util.Optional.of(perms)
        : java.util.Optional.empty();
  }

  /**
   * Writes {@code content} to {@code target}.
   *
   * @param permissions the file's POSIX permissions (ignored on file systems without them)
   * @param overwrite whether an existing {@code target} may be replaced
   * @throws FileAlreadyExistsException when {@code target} exists and {@code overwrite} is false
   */
  public static void write(
      Path target, byte[] content, Set<PosixFilePermission> permissions, boolean overwrite)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (posix) {
        // The umask may have removed bits from a world-readable file; it never adds any.
        Files.setPosixFilePermissions(tmp, permissions);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
