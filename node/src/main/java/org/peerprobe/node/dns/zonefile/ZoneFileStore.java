package org.peerprobe.node.dns.zonefile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.peerprobe.node.config.AtomicFiles;
import org.peerprobe.node.dns.ProviderException;

/**
 * The zone file on disk: loads it (creating it when missing), stores it atomically, and serialises
 * access. Blocking; called only on a {@link ZoneFileProvider}'s own thread.
 *
 * <p>Storing goes through {@link AtomicFiles#write}: a temporary file in the same directory, forced
 * to disk, renamed over the zone file; then the directory is forced too, so the rename survives a
 * crash. Readers (named, a text editor, another provider) see the old file or the new one. The file
 * keeps its POSIX permissions; a new file is {@code rw-r--r--} (named reads it as another user).
 *
 * <p>Locking: every provider of the same file in this JVM shares one lock (keyed by the absolute
 * normalised path; the map holds one small lock per file ever opened), held for a whole
 * read-check-write. Two processes writing the same file are not coordinated: the last rename wins.
 */
final class ZoneFileStore {
  /** Largest zone file read; far above any zone this provider is meant for. */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final ZoneFileConfig config;
  private final ReentrantLock lock;

  ZoneFileStore(ZoneFileConfig config) {
    this.config = config;
    this.lock = LOCKS.computeIfAbsent(config.file(), f -> new ReentrantLock());
  }

  /** A body run while holding the file's lock. */
  interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs {@code body} holding the file's lock, waiting at most {@code wait} for it. */
  <T> T locked(String what, Duration wait, Locked<T> body) throws IOException {
    boolean held;
    try {
      held = lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException.Unavailable(config.id(), what + ": interrupted (closing)", e);
    }
    if (!held) {
      throw new ProviderException.Unavailable(
          config.id(), what + ": " + config.file() + " stayed locked by another writer", null);
    }
    try {
      return body.run();
    } finally {
      lock.unlock();
    }
  }

  /** The zone as the file holds it now; a missing file is created first. */
  ZoneFile load(String what) throws IOException {
    Path file = config.file();
    if (!Files.exists(file)) {
      store(ZoneFile.minimal(config.zone()));
    }
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new ProviderException.Rejected(
          config.id(), what + ": " + file + " is " + size + " bytes, over " + MAX_FILE_BYTES);
    }
    byte[] text = Files.readAllBytes(file);
    try {
      return ZoneFile.parse(config.zone(), text);
    } catch (IOException | IllegalArgumentException e) {
      throw new ProviderException.Rejected(
          config.id(),
          what
              + ": "
              + file
              + " is not a valid zone file for "
              + config.zone()
              + ": "
              + lineOf(e.getMessage()));
    }
  }

  /** Replaces the file with {@code zone}, atomically and durably. */
  void store(ZoneFile zone) throws IOException {
    Path file = config.file();
    Set<PosixFilePermission> mode =
        Files.exists(file) && supportsPosix(file)
            ? Files.getPosixFilePermissions(file)
            : AtomicFiles.WORLD_READABLE;
    AtomicFiles.write(file, zone.render(), mode, true);
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot open or force a directory; the rename itself is done.
    }
  }

  /** The provider failure for an I/O error on the file. */
  ProviderException failure(String what, IOException e) {
    Path file = config.file();
    if (e instanceof AccessDeniedException) {
      return new ProviderException.AuthFailed(
          config.id(),
          what
              + ": this process may not read or replace "
              + file
              + " (permission denied on "
              + e.getMessage()
              + "); fix the owner or mode of the file"
              + " or its directory");
    }
    if (e instanceof NoSuchFileException) {
      return new ProviderException.Unavailable(
          config.id(),
          what + ": " + file.getParent() + " does not exist (" + e.getMessage() + ")",
          e);
    }
    return new ProviderException.Unavailable(
        config.id(), what + ": I/O on " + file + " failed: " + e, e);
  }

  /**
   * dnsjava's parser names a stream {@code <none>}: {@code <none>:3: x} becomes {@code line 3: x}.
   */
  private static String lineOf(String message) {
    String prefix = "<none>:";
    return message != null && message.startsWith(prefix)
        ? "line " + message.substring(prefix.length())
        : message;
  }

  private static boolean supportsPosix(Path file) throws IOException {
    return Files.getFileStore(file).supportsFileAttributeView("posix");
  }
}
