package org.peerprobe.p2p.pubsub;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;

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
    return decode(CodedInputStream.newInstance(frame), frame.length, limits);
  }

  /** Decodes the remaining bytes of {@code frame} (e.g. a Netty {@code ByteBuf.nioBuffer()}). */
  public static Rpc decode(ByteBuffer frame, RpcLimits limits) {
    int size = frame.remaining();
    checkFrameLength(size, limits);
    return decode(CodedInputStream.newInstance(frame), size, limits);
  }

  private static Rpc decode(CodedInputStream in, int size, RpcLimits limits) {
    try {
      in.pushLimit(size);
      return readRpc(in, limits);
    } catch (IOException e) {
      throw new BadPeerException("malformed gossipsub RPC: " + e.getMessage(), e);
    }
  }

  private static Rpc readRpc(CodedInputStream in, RpcLimits l) throws IOException {
    List<SubOpts> subs = new ArrayList<>();
    List<Message> msgs = new ArrayList<>();
    ControlParts control = new ControlParts();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LD)) {
        count("subscriptions", subs.size(), l.maxSubscriptions());
        int old = enter(in);
        subs.add(readSubOpts(in, l));
        in.popLimit(old);
      } else if (tag == tag(2, LD)) {
        count("messages", msgs.size(), l.maxMessages());
        int old = enter(in);
        msgs.add(readMessage(in, l));
        in.popLimit(old);
      } else if (tag == tag(3, LD)) {
        int old = enter(in);
        readControl(in, l, control);
        in.popLimit(old);
      } else {
        skip(in, tag);
      }
    }
    return new Rpc(subs, msgs, control.build());
  }

  private static SubOpts readSubOpts(CodedInputStream in, RpcLimits l) throws IOException {
    boolean subscribe = false;
    String topic = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, VARINT)) {
        subscribe = in.readBool();
      } else if (tag == tag(2, LD)) {
        topic = readString(in, l.maxTopicBytes(), "topic bytes");
      } else {
        skip(in, tag);
      }
    }
    return new SubOpts(subscribe, topic);
  }

  private static Message readMessage(CodedInputStream in, RpcLimits l) throws IOException {
    byte[] from = null;
    byte[] data = null;
    byte[] seqno = null;
    String topic = "";
    byte[] signature = null;
    byte[] key = null;
    int max = l.maxRpcBytes();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagWireType(tag) == LD ? WireFormat.getTagFieldNumber(tag) : 0) {
        case 1 -> from = readBytes(in, max, "from bytes");
        case 2 -> data = readBytes(in, max, "data bytes");
        case 3 -> seqno = readBytes(in, max, "seqno bytes");
        case 4 -> topic = readString(in, l.maxTopicBytes(), "topic bytes");
        case 5 -> signature = readBytes(in, max, "signature bytes");
        case 6 -> key = readBytes(in, max, "key bytes");
        default -> skip(in, tag);
      }
    }
    return new Message(from, data, seqno, topic, signature, key);
  }

  /** The control lists being decoded; a repeated {@code control} field merges into one. */
  private static final class ControlParts {
    final List<IHave> ihave = new ArrayList<>();
    final List<IWant> iwant = new ArrayList<>();
    final List<Graft> graft = new ArrayList<>();
    final List<Prune> prune = new ArrayList<>();
    int idontwant;

    ControlMessage build() {
      return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty()
          ? ControlMessage.EMPTY
          : new ControlMessage(ihave, iwant, graft, prune);
    }
  }

  private static void readControl(CodedInputStream in, RpcLimits l, ControlParts c)
      throws IOException {
    int max = l.maxControlEntries();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagWireType(tag) == LD ? WireFormat.getTagFieldNumber(tag) : 0;
      if (field < 1 || field > 5) {
        skip(in, tag);
        continue;
      }
      int old;
      switch (field) {
        case 1 -> {
          count("IHAVE entries", c.ihave.size(), max);
          old = enter(in);
          c.ihave.add(readIHave(in, l));
        }
        case 2 -> {
          count("IWANT entries", c.iwant.size(), max);
          old = enter(in);
          c.iwant.add(new IWant(readIds(in, 1, l.maxIWantIds(), "IWANT ids", l)));
        }
        case 3 -> {
          count("GRAFT entries", c.graft.size(), max);
          old = enter(in);
          c.graft.add(new Graft(readTopicOnly(in, l)));
        }
        case 4 -> {
          count("PRUNE entries", c.prune.size(), max);
          old = enter(in);
          c.prune.add(readPrune(in, l));
        }
        default -> {
          count("IDONTWANT entries", c.idontwant++, max);
          old = enter(in);
          skipIds(in, l.maxIDontWantIds(), l);
        }
      }
      in.popLimit(old);
    }
  }

  private static IHave readIHave(CodedInputStream in, RpcLimits l) throws IOException {
    String topic = "";
    List<MessageId> ids = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LD)) {
        topic = readString(in, l.maxTopicBytes(), "topic bytes");
      } else if (tag == tag(2, LD)) {
        count("IHAVE ids", ids.size(), l.maxIHaveIds());
        ids.add(MessageId.wrap(readBytes(in, l.maxMessageIdBytes(), "message id bytes")));
      } else {
        skip(in, tag);
      }
    }
    return new IHave(topic, ids);
  }

  private static List<MessageId> readIds(
      CodedInputStream in, int field, int maxIds, String what, RpcLimits l) throws IOException {
    List<MessageId> ids = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(field, LD)) {
        count(what, ids.size(), maxIds);
        ids.add(MessageId.wrap(readBytes(in, l.maxMessageIdBytes(), "message id bytes")));
      } else {
        skip(in, tag);
      }
    }
    return ids;
  }

  private static void skipIds(CodedInputStream in, int maxIds, RpcLimits l) throws IOException {
    int n = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LD)) {
        count("IDONTWANT ids", n++, maxIds);
        in.skipRawBytes(readLength(in, l.maxMessageIdBytes(), "message id bytes"));
      } else {
        skip(in, tag);
      }
    }
  }

  private static String readTopicOnly(CodedInputStream in, RpcLimits l) throws IOException {
    String topic = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LD)) {
        topic = readString(in, l.maxTopicBytes(), "topic bytes");
      } else {
        skip(in, tag);
      }
    }
    return topic;
  }

  private static Prune readPrune(CodedInputStream in, RpcLimits l) throws IOException {
    String topic = "";
    List<PeerInfo> peers = new ArrayList<>();
    long backoff = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LD)) {
        topic = readString(in, l.maxTopicBytes(), "topic bytes");
      } else if (tag == tag(2, LD)) {
        count("PX peers", peers.size(), l.maxPeerInfos());
        int old = enter(in);
        peers.add(readPeerInfo(in, l));
        in.popLimit(old);
      } else if (tag == tag(3, VARINT)) {
        backoff = in.readUInt64();
        if (backoff < 0) {
          throw new BadPeerException("PRUNE backoff out of range");
        }
      } else {
        skip(in, tag);
      }
    }
    return new Prune(topic, peers, backoff);
  }

  private static PeerInfo readPeerInfo(CodedInputStream in, RpcLimits l) throws IOException {
    byte[] id = null;
    byte[] record = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LD)) {
        id = readBytes(in, l.maxRpcBytes(), "peer id bytes");
      } else if (tag == tag(2, LD)) {
        record = readBytes(in, l.maxRpcBytes(), "signed peer record bytes");
      } else {
        skip(in, tag);
      }
    }
    return new PeerInfo(id, record);
  }

  private static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }

  private static void count(String what, int current, int max) {
    if (current >= max) {
      throw new LimitExceededException("gossipsub " + what, max, current + 1L);
    }
  }

  private static int enter(CodedInputStream in) throws IOException {
    int len = in.readRawVarint32();
    if (len < 0) {
      throw new BadPeerException("negative length in gossipsub RPC");
    }
    return in.pushLimit(len);
  }

  private static int readLength(CodedInputStream in, int max, String what) throws IOException {
    int len = in.readRawVarint32();
    if (len < 0) {
      throw new BadPeerException("negative length in gossipsub RPC");
    }
    if (len > max) {
      throw new LimitExceededException("gossipsub " + what, max, len);
    }
    if (len > in.getBytesUntilLimit()) {
      throw new BadPeerException("truncated gossipsub RPC: a field overruns its message");
    }
    return len;
  }

  private static byte[] readBytes(CodedInputStream in, int max, String what) throws IOException {
    return in.readRawBytes(readLength(in, max, what));
  }

  private static String readString(CodedInputStream in, int max, String what) throws IOException {
    byte[] raw = readBytes(in, max, what);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadPeerException("gossipsub topic is not valid UTF-8", e);
    }
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      throw new BadPeerException("unexpected end-group tag in gossipsub RPC");
    }
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
