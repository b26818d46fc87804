package org.peerprobe.p2p.identify;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;

/**
 * Hand-written protobuf codec of {@link Identify}:
 *
 * <pre>
 * message Identify {
 *   bytes publicKey = 1; repeated bytes listenAddrs = 2; repeated string protocols = 3;
 *   bytes observedAddr = 4; string protocolVersion = 5; string agentVersion = 6;
 *   bytes signedPeerRecord = 8;   // accepted and ignored
 * }
 * </pre>
 *
 * Encoding writes fields in tag order and omits empty ones. Decoding skips unknown fields, rejects
 * a known field with the wrong wire type, requires valid UTF-8 strings, and enforces the limits
 * below before it allocates: the message size up front, the list counts before each element.
 * Stateless and thread-safe.
 */
public final class IdentifyCodec {
  /** Largest identify message accepted or sent, as js and go (8 KiB). */
  public static final int MAX_MESSAGE_BYTES = 8 * 1024;

  /** Most listen addresses accepted from one peer (over all messages of a stream). */
  public static final int MAX_LISTEN_ADDRS = 128;

  /** Most protocol ids accepted from one peer (over all messages of a stream). */
  public static final int MAX_PROTOCOLS = 256;

  static final int PUBLIC_KEY = 1;
  static final int LISTEN_ADDRS = 2;
  static final int PROTOCOLS = 3;
  static final int OBSERVED_ADDR = 4;
  static final int PROTOCOL_VERSION = 5;
  static final int AGENT_VERSION = 6;
  static final int SIGNED_PEER_RECORD = 8;

  private IdentifyCodec() {}

  /**
   * The protobuf encoding of {@code m}; the caller checks it against {@link #MAX_MESSAGE_BYTES}.
   */
  public static byte[] encode(Identify m) {
    int size = 0;
    if (!m.publicKey().isEmpty()) {
      size += CodedOutputStream.computeBytesSize(PUBLIC_KEY, m.publicKey());
    }
    for (ByteString a : m.listenAddrs()) {
      size += CodedOutputStream.computeBytesSize(LISTEN_ADDRS, a);
    }
    for (String p : m.protocols()) {
      size += CodedOutputStream.computeStringSize(PROTOCOLS, p);
    }
    if (!m.observedAddr().isEmpty()) {
      size += CodedOutputStream.computeBytesSize(OBSERVED_ADDR, m.observedAddr());
    }
    if (!m.protocolVersion().isEmpty()) {
      size += CodedOutputStream.computeStringSize(PROTOCOL_VERSION, m.protocolVersion());
    }
    if (!m.agentVersion().isEmpty()) {
      size += CodedOutputStream.computeStringSize(AGENT_VERSION, m.agentVersion());
    }
    byte[] out = new byte[size];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      if (!m.publicKey().isEmpty()) {
        cos.writeBytes(PUBLIC_KEY, m.publicKey());
      }
      for (ByteString a : m.listenAddrs()) {
        cos.writeBytes(LISTEN_ADDRS, a);
      }
      for (String p : m.protocols()) {
        cos.writeString(PROTOCOLS, p);
      }
      if (!m.observedAddr().isEmpty()) {
        cos.writeBytes(OBSERVED_ADDR, m.observedAddr());
      }
      if (!m.protocolVersion().isEmpty()) {
        cos.writeString(PROTOCOL_VERSION, m.protocolVersion());
      }
      if (!m.agentVersion().isEmpty()) {
        cos.writeString(AGENT_VERSION, m.agentVersion());
      }
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new InternalErrorException("identify encoding overran its computed size", e);
    }
    return out;
  }

  /**
   * Decodes one message.
   *
   * @throws LimitExceededException when the message or one of its lists is too large
   * @throws BadPeerException when it is not a valid identify message
   */
  public static Identify decode(byte[] bytes) {
    if (bytes.length > MAX_MESSAGE_BYTES) {
      throw new LimitExceededException("identify message bytes", MAX_MESSAGE_BYTES, bytes.length);
    }
    ByteString publicKey = ByteString.EMPTY;
    List<ByteString> listenAddrs = new ArrayList<>();
    List<String> protocols = new ArrayList<>();
    ByteString observedAddr = ByteString.EMPTY;
    String protocolVersion = "";
    String agentVersion = "";
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    try {
      int tag;
      while ((tag = in.readTag()) != 0) {
        int field = WireFormat.getTagFieldNumber(tag);
        boolean known =
            field >= PUBLIC_KEY && field <= AGENT_VERSION || field == SIGNED_PEER_RECORD;
        if (!known) {
          in.skipField(tag);
          continue;
        }
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          throw new BadPeerException("identify field " + field + " has the wrong wire type");
        }
        switch (field) {
          case PUBLIC_KEY -> publicKey = in.readBytes();
          case LISTEN_ADDRS -> {
            if (listenAddrs.size() == MAX_LISTEN_ADDRS) {
              throw new LimitExceededException(
                  "identify listen addresses", MAX_LISTEN_ADDRS, MAX_LISTEN_ADDRS + 1);
            }
            listenAddrs.add(in.readBytes());
          }
          case PROTOCOLS -> {
            if (protocols.size() == MAX_PROTOCOLS) {
              throw new LimitExceededException(
                  "identify protocols", MAX_PROTOCOLS, MAX_PROTOCOLS + 1);
            }
            protocols.add(in.readStringRequireUtf8());
          }
          case OBSERVED_ADDR -> observedAddr = in.readBytes();
          case PROTOCOL_VERSION -> protocolVersion = in.readStringRequireUtf8();
          case AGENT_VERSION -> agentVersion = in.readStringRequireUtf8();
          default -> in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new BadPeerException("malformed identify message: " + e.getMessage(), e);
    }
    return new Identify(
        publicKey, listenAddrs, protocols, observedAddr, protocolVersion, agentVersion);
  }
}
