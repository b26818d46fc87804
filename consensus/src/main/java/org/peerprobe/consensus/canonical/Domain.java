package org.peerprobe.consensus.canonical;

import java.nio.charset.StandardCharsets;

/**
 * Domain-separation prefixes. Every signature and every content hash covers {@code prefix ‖
 * canonical JSON}, so bytes signed as one kind can never be replayed as another.
 */
public enum Domain {
  REPORT("peerprobe:report:v1\n"),
  ROSTER("peerprobe:roster:v1\n"),
  CERTIFICATE("peerprobe:certificate:v1\n"),
  DECISION("peerprobe:decision:v1\n"),
  BUNDLE("peerprobe:bundle:v1\n"),
  COMMAND("peerprobe:command:v1\n"),
  RECEIPT("peerprobe:receipt:v1\n");

  private final String prefix;
  private final byte[] prefixBytes;

  Domain(String prefix) {
    this.prefix = prefix;
    this.prefixBytes = prefix.getBytes(StandardCharsets.US_ASCII);
  }

  public String prefix() {
    return prefix;
  }

  /** {@code prefix ‖ canonical}: the exact bytes that are signed or hashed. */
  public byte[] frame(byte[] canonical) {
    byte[] out = new byte[prefixBytes.length + canonical.length];
    System.arraycopy(prefixBytes, 0, out, 0, prefixBytes.length);
    System.arraycopy(canonical, 0, out, prefixBytes.length, canonical.length);
    return out;
  }
}
