package org.peerprobe.p2p.pubsub;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * {@code Message{bytes from = 1; bytes data = 2; bytes seqno = 3; string topic = 4; bytes signature
 * = 5; bytes key = 6}}.
 *
 * <p>A {@code null} array means the field was absent on the wire; that matters because StrictSign
 * re-encodes the present fields 1–4 to verify a signature (js {@code validateToRawMessage}). An
 * absent topic is the empty string (protobuf default; js never encodes an empty topic). Arrays are
 * not copied: treat them as read-only.
 */
public record Message(
    byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {

  public Message {
    topic = Objects.requireNonNullElse(topic, "");
  }

  /** The same message with only fields 1–4 (what StrictSign signs). */
  public Message withoutSignature() {
    return new Message(from, data, seqno, topic, null, null);
  }

  public Message withSignature(byte[] newSignature, byte[] newKey) {
    return new Message(from, data, seqno, topic, newSignature, newKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m
        && Arrays.equals(from, m.from)
        && Arrays.equals(data, m.data)
        && Arrays.equals(seqno, m.seqno)
        && topic.equals(m.topic)
        && Arrays.equals(signature, m.signature)
        && Arrays.equals(key, m.key);
  }

  @Override
  public int hashCode() {
    int h = topic.hashCode();
    h = 31 * h + Arrays.hashCode(from);
    h = 31 * h + Arrays.hashCode(data);
    h = 31 * h + Arrays.hashCode(seqno);
    h = 31 * h + Arrays.hashCode(signature);
    return 31 * h + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "Message{topic="
        + topic
        + ", seqno="
        + (seqno == null ? "-" : HexFormat.of().formatHex(seqno))
        + ", data="
        + (data == null ? "-" : data.length + "B")
        + (signature == null ? "" : ", signed")
        + "}";
  }
}
