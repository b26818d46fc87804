package org.peerprobe.p2p.pubsub;

import java.util.Arrays;
import java.util.HexFormat;

/** A gossipsub message id: opaque bytes compared by value (usable as a map key). Immutable. */
public final class MessageId {
  private final byte[] bytes;
  private final int hash;

  private MessageId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static MessageId of(byte[] bytes) {
    return new MessageId(bytes.clone());
  }

  /** Wraps without copying; the caller gives up the array. */
  static MessageId wrap(byte[] bytes) {
    return new MessageId(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  int length() {
    return bytes.length;
  }

  byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId m && hash == m.hash && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
