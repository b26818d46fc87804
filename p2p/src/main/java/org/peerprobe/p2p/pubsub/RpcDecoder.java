package org.peerprobe.p2p.pubsub;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.IWant;
import org.peerprobe.p2p.pubsub.ControlMessage.PeerInfo;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;

/**
 * The decoding half of {@link RpcCodec}: a recursive-descent protobuf reader that counts every list
 * entry and checks every length against its limit and against the bytes that remain before copying
 * anything. Stateless.
 */
final class RpcDecoder {
  private static final int LD = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;

  private RpcDecoder() {}

  static Rpc decode(CodedInputStream in, int size, RpcLimits limits) {
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
}
