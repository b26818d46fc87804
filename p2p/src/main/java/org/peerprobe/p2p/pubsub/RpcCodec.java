package org.peerprobe.p2p.pubsub;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.peerprobe.multiformats.UnsignedVarint;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.IWant;
import org.peerprobe.p2p.pubsub.ControlMessage.PeerInfo;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;

/**
 * Hand-written protobuf codec for gossipsub {@link Rpc} frames on protobuf-java's {@link
 * CodedInputStream}/{@link CodedOutputStream}.
 *
 * <p>Decoding enforces {@link RpcLimits}: the frame size before any parsing, each list's entry
 * count before the entry is parsed, and each topic or message id length before its bytes are
 * copied; every length is also checked against the bytes that remain. Unknown fields (and fields
 * with an unexpected wire type) are skipped as protobuf requires; IDONTWANT ids are counted and
 * skipped. Malformed input throws {@link BadPeerException}, a broken limit {@link
 * LimitExceededException} (a subclass). Encoding writes fields in field-number order, omits absent
 * fields and empty topics (as js does), and never fails for a valid model. Stateless and
 * thread-safe.
 */
public final class RpcCodec {
  private static final int LD = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private RpcCodec() {}

  // ---------------------------------------------------------------- framing

  /**
   * Checks a frame's uvarint length prefix before its buffer is allocated.
   *
   * @throws LimitExceededException when {@code length > limits.maxRpcBytes()}
   */
  public static void checkFrameLength(long length, RpcLimits limits) {
    if (length < 0 || length > limits.maxRpcBytes()) {
      throw new LimitExceededException("gossipsub RPC bytes", limits.maxRpcBytes(), length);
    }
  }

  /** {@code uvarint(len) ‖ encode(rpc)}: one frame as written to the outbound stream. */
  public static byte[] encodeFramed(Rpc rpc) {
    byte[] body = encode(rpc);
    byte[] prefix = UnsignedVarint.encode(body.length);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  // ---------------------------------------------------------------- decoding

  /** Decodes one frame body (without its length prefix). */
  public static Rpc decode(byte[] frame, RpcLimits limits) {
    checkFrameLength(frame.length, limits);
    return RpcDecoder.decode(CodedInputStream.newInstance(frame), frame.length, limits);
  }

  /** Decodes the remaining bytes of {@code frame} (e.g. a Netty {@code ByteBuf.nioBuffer()}). */
  public static Rpc decode(ByteBuffer frame, RpcLimits limits) {
    int size = frame.remaining();
    checkFrameLength(size, limits);
    return RpcDecoder.decode(CodedInputStream.newInstance(frame), size, limits);
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes {@code rpc} (no length prefix). */
  public static byte[] encode(Rpc rpc) {
    byte[] out = new byte[encodedSize(rpc)];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      for (SubOpts s : rpc.subscriptions()) {
        nested(o, 1, subOptsSize(s));
        o.writeBool(1, s.subscribe());
        o.writeString(2, s.topic());
      }
      for (Message m : rpc.publish()) {
        nested(o, 2, messageSize(m));
        writeMessageFields(o, m);
      }
      if (!rpc.control().isEmpty()) {
        nested(o, 3, controlSize(rpc.control()));
        writeControl(o, rpc.control());
      }
      o.checkNoSpaceLeft();
    } catch (IOException | IllegalStateException e) {
      throw new InternalErrorException("gossipsub RPC size miscalculated", e);
    }
    return out;
  }

  /** Encodes a message on its own (StrictSign signs this over fields 1–4). */
  public static byte[] encodeMessage(Message m) {
    byte[] out = new byte[messageSize(m)];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      writeMessageFields(o, m);
      o.checkNoSpaceLeft();
    } catch (IOException | IllegalStateException e) {
      throw new InternalErrorException("gossipsub message size miscalculated", e);
    }
    return out;
  }

  /** Exact size of {@link #encode(Rpc)}. */
  public static int encodedSize(Rpc rpc) {
    long size = 0;
    for (SubOpts s : rpc.subscriptions()) {
      size += nestedSize(1, subOptsSize(s));
    }
    for (Message m : rpc.publish()) {
      size += nestedSize(1, messageSize(m));
    }
    if (!rpc.control().isEmpty()) {
      size += nestedSize(1, controlSize(rpc.control()));
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("gossipsub RPC too large to encode");
    }
    return (int) size;
  }

  /** Bytes one message adds to an RPC's {@code publish} list. */
  public static int publishEntrySize(Message m) {
    return nestedSize(2, messageSize(m));
  }

  private static void writeMessageFields(CodedOutputStream o, Message m) throws IOException {
    if (m.from() != null) {
      o.writeByteArray(1, m.from());
    }
    if (m.data() != null) {
      o.writeByteArray(2, m.data());
    }
    if (m.seqno() != null) {
      o.writeByteArray(3, m.seqno());
    }
    if (!m.topic().isEmpty()) {
      o.writeString(4, m.topic());
    }
    if (m.signature() != null) {
      o.writeByteArray(5, m.signature());
    }
    if (m.key() != null) {
      o.writeByteArray(6, m.key());
    }
  }

  private static void writeControl(CodedOutputStream o, ControlMessage c) throws IOException {
    for (IHave h : c.ihave()) {
      nested(o, 1, ihaveSize(h));
      o.writeString(1, h.topic());
      for (MessageId id : h.messageIds()) {
        o.writeByteArray(2, id.unsafeBytes());
      }
    }
    for (IWant w : c.iwant()) {
      nested(o, 2, iwantSize(w));
      for (MessageId id : w.messageIds()) {
        o.writeByteArray(1, id.unsafeBytes());
      }
    }
    for (Graft g : c.graft()) {
      nested(o, 3, CodedOutputStream.computeStringSize(1, g.topic()));
      o.writeString(1, g.topic());
    }
    for (Prune p : c.prune()) {
      nested(o, 4, pruneSize(p));
      o.writeString(1, p.topic());
      for (PeerInfo pi : p.peers()) {
        nested(o, 2, peerInfoSize(pi));
        if (pi.peerId() != null) {
          o.writeByteArray(1, pi.peerId());
        }
        if (pi.signedPeerRecord() != null) {
          o.writeByteArray(2, pi.signedPeerRecord());
        }
      }
      if (p.backoffSeconds() > 0) {
        o.writeUInt64(3, p.backoffSeconds());
      }
    }
  }

  private static void nested(CodedOutputStream o, int field, int size) throws IOException {
    o.writeTag(field, LD);
    o.writeUInt32NoTag(size);
  }

  private static int nestedSize(int field, int size) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(size)
        + size;
  }

  private static int subOptsSize(SubOpts s) {
    return CodedOutputStream.computeBoolSize(1, s.subscribe())
        + CodedOutputStream.computeStringSize(2, s.topic());
  }

  private static int messageSize(Message m) {
    int size = 0;
    size += m.from() == null ? 0 : CodedOutputStream.computeByteArraySize(1, m.from());
    size += m.data() == null ? 0 : CodedOutputStream.computeByteArraySize(2, m.data());
    size += m.seqno() == null ? 0 : CodedOutputStream.computeByteArraySize(3, m.seqno());
    size += m.topic().isEmpty() ? 0 : CodedOutputStream.computeStringSize(4, m.topic());
    size += m.signature() == null ? 0 : CodedOutputStream.computeByteArraySize(5, m.signature());
    size += m.key() == null ? 0 : CodedOutputStream.computeByteArraySize(6, m.key());
    return size;
  }

  private static int controlSize(ControlMessage c) {
    int size = 0;
    for (IHave h : c.ihave()) {
      size += nestedSize(1, ihaveSize(h));
    }
    for (IWant w : c.iwant()) {
      size += nestedSize(2, iwantSize(w));
    }
    for (Graft g : c.graft()) {
      size += nestedSize(3, CodedOutputStream.computeStringSize(1, g.topic()));
    }
    for (Prune p : c.prune()) {
      size += nestedSize(4, pruneSize(p));
    }
    return size;
  }

  private static int ihaveSize(IHave h) {
    int size = CodedOutputStream.computeStringSize(1, h.topic());
    for (MessageId id : h.messageIds()) {
      size += CodedOutputStream.computeByteArraySize(2, id.unsafeBytes());
    }
    return size;
  }

  private static int iwantSize(IWant w) {
    int size = 0;
    for (MessageId id : w.messageIds()) {
      size += CodedOutputStream.computeByteArraySize(1, id.unsafeBytes());
    }
    return size;
  }

  private static int pruneSize(Prune p) {
    int size = CodedOutputStream.computeStringSize(1, p.topic());
    for (PeerInfo pi : p.peers()) {
      size += nestedSize(2, peerInfoSize(pi));
    }
    if (p.backoffSeconds() > 0) {
      size += CodedOutputStream.computeUInt64Size(3, p.backoffSeconds());
    }
    return size;
  }

  private static int peerInfoSize(PeerInfo pi) {
    int size = 0;
    size += pi.peerId() == null ? 0 : CodedOutputStream.computeByteArraySize(1, pi.peerId());
    size +=
        pi.signedPeerRecord() == null
            ? 0
            : CodedOutputStream.computeByteArraySize(2, pi.signedPeerRecord());
    return size;
  }
}
