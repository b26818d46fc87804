package org.peerprobe.consensus.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Sha256;

/** Deterministic key pairs: key {@code i} has seed SHA-256("peerprobe-test-key-" + i). */
public final class TestKeys {
  private static final ConcurrentHashMap<Integer, Ed25519KeyPair> CACHE = new ConcurrentHashMap<>();

  private TestKeys() {}

  public static Ed25519KeyPair key(int i) {
    return CACHE.computeIfAbsent(
        i,
        n ->
            Ed25519KeyPair.fromSeed(
                Sha256.digest(("peerprobe-test-key-" + n).getBytes(StandardCharsets.UTF_8))));
  }

  /** The operator key of test networks. */
  public static Ed25519KeyPair operator() {
    return key(-1);
  }

  /** The first signer key of test networks. */
  public static Ed25519KeyPair signer() {
    return key(-2);
  }

  /** A second (standby) signer key. */
  public static Ed25519KeyPair standbySigner() {
    return key(-3);
  }

  /** Key {@code j} (0, 1, …) of an outsider: never an observer, signer or operator of a roster. */
  public static Ed25519KeyPair outsider(int j) {
    if (j < 0) {
      throw new IllegalArgumentException("outsider index must be >= 0: " + j);
    }
    return key(-1000 - j);
  }
}
