package org.peerprobe.consensus.quorum;

import java.util.LinkedHashMap;
import java.util.Map;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.model.SignedReport;

/**
 * A bounded memo of report signatures that this process has itself verified, so that a report cited
 * by several certificates (one per front) or already checked on arrival is verified once.
 *
 * <p>It holds only the outcome of our own verifications, keyed by the report's content id and the
 * signature bytes — the key binds observer, content and signature — so using it trusts nothing a
 * certificate's builder computed. Failures are not remembered. Not thread-safe: one writer. Memory:
 * at most {@code capacity} entries of ~200 bytes; the oldest is evicted first.
 */
public final class VerifiedSignatures {
  /** Default capacity: a round of the largest roster, with room for the next. */
  public static final int DEFAULT_CAPACITY = 2 * 16_384;

  private record Key(String contentId, Ed25519Signature signature) {
    /** The content id is already a hash (and caches its own): no need to hash 64 more bytes. */
    @Override
    public int hashCode() {
      return contentId.hashCode();
    }
  }

  private final Map<Key, Boolean> verified;

  public VerifiedSignatures() {
    this(DEFAULT_CAPACITY);
  }

  public VerifiedSignatures(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.verified =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True when the report's signature is valid, verifying it unless already verified here. */
  public boolean check(SignedReport report) {
    Key key = new Key(report.contentId(), report.signature());
    if (verified.containsKey(key)) {
      return true;
    }
    boolean ok = report.signatureValid();
    if (ok) {
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  public int size() {
    return verified.size();
  }
}
