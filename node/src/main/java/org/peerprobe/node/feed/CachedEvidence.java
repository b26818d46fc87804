package org.peerprobe.node.feed;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Evidence files kept once assembled: an evidence file is named by the hash of what it proves and
 * never changes, and during an incident many readers ask for the same few at once. Assembling one
 * reads the chain, its certificates and bundles from the store (megabytes at a large roster), so
 * this keeps the most recently served files up to {@link #DEFAULT_MAX_BYTES}, and a request for a
 * file already being assembled waits for that assembly instead of starting another.
 *
 * <p>Only files that exist are kept: "not held here" may change as the node syncs. A failed
 * assembly is not kept either. Thread-safe: the feed's event loops call it concurrently.
 */
public final class CachedEvidence implements EvidenceSource {
  /** Bytes of evidence kept: a few large certificates' files, or many decisions'. */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

  private final EvidenceSource source;
  private final long maxBytes;
  private final Object lock = new Object();
  private final LinkedHashMap<String, byte[]> kept = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, CompletableFuture<Optional<byte[]>>> assembling = new HashMap<>();
  private long keptBytes;

  public CachedEvidence(EvidenceSource source) {
    this(source, DEFAULT_MAX_BYTES);
  }

  public CachedEvidence(EvidenceSource source, long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be ≥ 0: " + maxBytes);
    }
    this.source = source;
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletableFuture<Optional<byte[]>> forDecision(String id) {
    return get("decision/" + id, k -> source.forDecision(id));
  }

  @Override
  public CompletableFuture<Optional<byte[]>> forCertificate(String id) {
    return get("certificate/" + id, k -> source.forCertificate(id));
  }

  /** Bytes currently kept (for tests and metrics). */
  public long keptBytes() {
    synchronized (lock) {
      return keptBytes;
    }
  }

  private CompletableFuture<Optional<byte[]>> get(
      String key, Function<String, CompletableFuture<Optional<byte[]>>> assemble) {
    CompletableFuture<Optional<byte[]>> started;
    synchronized (lock) {
      byte[] hit = kept.get(key);
      if (hit != null) {
        return CompletableFuture.completedFuture(Optional.of(hit));
      }
      CompletableFuture<Optional<byte[]>> pending = assembling.get(key);
      if (pending != null) {
        return pending;
      }
      started = new CompletableFuture<>();
      assembling.put(key, started);
    }
    CompletableFuture<Optional<byte[]>> work;
    try {
      work = assemble.apply(key);
    } catch (RuntimeException e) {
      work = CompletableFuture.failedFuture(e);
    }
    work.whenComplete(
        (file, failure) -> {
          synchronized (lock) {
            assembling.remove(key);
            if (failure == null && file.isPresent()) {
              keep(key, file.get());
            }
          }
          if (failure != null) {
            started.completeExceptionally(failure);
          } else {
            started.complete(file);
          }
        });
    return started;
  }

  private void keep(String key, byte[] file) {
    if (file.length > maxBytes) {
      return;
    }
    byte[] old = kept.put(key, file);
    keptBytes += file.length - (old == null ? 0 : old.length);
    for (Iterator<byte[]> it = kept.values().iterator(); keptBytes > maxBytes && it.hasNext(); ) {
      keptBytes -= it.next().length;
      it.remove();
    }
  }
}
