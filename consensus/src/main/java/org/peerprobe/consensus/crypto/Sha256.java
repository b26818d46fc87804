package org.peerprobe.consensus.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Thread-safe: a new digest per call. */
public final class Sha256 {
  /** Size of a SHA-256 digest in bytes. */
  public static final int SIZE = 32;

  private Sha256() {}

  public static byte[] digest(byte[]... parts) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    for (byte[] part : parts) {
      md.update(part);
    }
    return md.digest();
  }

  public static String hex(byte[]... parts) {
    return HexFormat.of().formatHex(digest(parts));
  }
}
