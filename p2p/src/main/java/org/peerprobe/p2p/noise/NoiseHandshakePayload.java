package org.peerprobe.p2p.noise;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;

/**
 * The libp2p {@code NoiseHandshakePayload} carried in handshake messages 2 and 3 (libp2p specs
 * noise/README.md, "The libp2p Handshake Payload"), with its {@code NoiseExtensions} flattened in:
 *
 * <pre>
 * message NoiseExtensions { repeated bytes webtransport_certhashes = 1; repeated string stream_muxers = 2; }
 * message NoiseHandshakePayload { bytes identity_key = 1; bytes identity_sig = 2; NoiseExtensions extensions = 4; }
 * </pre>
 *
 * <p>{@link #encode()} writes fields in tag order and omits {@code extensions} when both lists are
 * empty. {@link #decode(byte[])} skips unknown fields, merges repeated occurrences as protobuf
 * does, and enforces the {@code MAX_*} limits before copying any field.
 *
 * @param identityKey the sender's protobuf {@code PublicKey}; empty when absent
 * @param identitySig signature over {@code "noise-libp2p-static-key:" ‖ static key}; empty when
 *     absent
 * @param webtransportCerthashes extension 1 (multihashes; unused here)
 * @param streamMuxers extension 2 (early muxer negotiation; peerprobe never sends it)
 */
record NoiseHandshakePayload(
    byte[] identityKey,
    byte[] identitySig,
    List<byte[]> webtransportCerthashes,
    List<String> streamMuxers) {

  /** Longest {@code identity_key} accepted (an RSA-4096 key protobuf is about 550 bytes). */
  static final int MAX_IDENTITY_KEY_BYTES = 1024;

  /** Longest {@code identity_sig} accepted (an RSA-4096 signature is 512 bytes). */
  static final int MAX_IDENTITY_SIG_BYTES = 1024;

  /** Most entries accepted in each repeated extension field. */
  static final int MAX_EXTENSION_ENTRIES = 32;

  /** Longest single extension entry (a muxer protocol id or a certhash). */
  static final int MAX_EXTENSION_ENTRY_BYTES = 1024;

  private static final int IDENTITY_KEY = 1;
  private static final int IDENTITY_SIG = 2;
  private static final int EXTENSIONS = 4;
  private static final int CERTHASHES = 1;
  private static final int STREAM_MUXERS = 2;
  private static final int TAG_TYPE_BITS = 3;

  NoiseHandshakePayload {
    webtransportCerthashes = List.copyOf(webtransportCerthashes);
    streamMuxers = List.copyOf(streamMuxers);
  }

  /** A payload with identity only and no extensions: what peerprobe sends. */
  static NoiseHandshakePayload of(byte[] identityKey, byte[] identitySig) {
    return new NoiseHandshakePayload(identityKey, identitySig, List.of(), List.of());
  }

  byte[] encode() {
    byte[] ext = encodeExtensions();
    int size =
        CodedOutputStream.computeByteArraySize(IDENTITY_KEY, identityKey)
            + CodedOutputStream.computeByteArraySize(IDENTITY_SIG, identitySig)
            + (ext.length == 0 ? 0 : CodedOutputStream.computeByteArraySize(EXTENSIONS, ext));
    byte[] out = new byte[size];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      cos.writeByteArray(IDENTITY_KEY, identityKey);
      cos.writeByteArray(IDENTITY_SIG, identitySig);
      if (ext.length > 0) {
        cos.writeByteArray(EXTENSIONS, ext);
      }
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new InternalErrorException("encoding NoiseHandshakePayload", e);
    }
    return out;
  }

  private byte[] encodeExtensions() {
    if (webtransportCerthashes.isEmpty() && streamMuxers.isEmpty()) {
      return new byte[0];
    }
    int size = 0;
    for (byte[] h : webtransportCerthashes) {
      size += CodedOutputStream.computeByteArraySize(CERTHASHES, h);
    }
    for (String m : streamMuxers) {
      size += CodedOutputStream.computeStringSize(STREAM_MUXERS, m);
    }
    byte[] out = new byte[size];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      for (byte[] h : webtransportCerthashes) {
        cos.writeByteArray(CERTHASHES, h);
      }
      for (String m : streamMuxers) {
        cos.writeString(STREAM_MUXERS, m);
      }
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new InternalErrorException("encoding NoiseExtensions", e);
    }
    return out;
  }

  /**
   * Decodes a peer's payload.
   *
   * @throws BadPeerException when it is not valid protobuf or exceeds a limit
   */
  static NoiseHandshakePayload decode(byte[] bytes) {
    byte[] key = new byte[0];
    byte[] sig = new byte[0];
    List<byte[]> certhashes = new ArrayList<>();
    List<String> muxers = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      while (!in.isAtEnd()) {
        int tag = in.readTag();
        if (tag == lengthDelimited(IDENTITY_KEY)) {
          key = readBounded(in, MAX_IDENTITY_KEY_BYTES, "identity_key bytes");
        } else if (tag == lengthDelimited(IDENTITY_SIG)) {
          sig = readBounded(in, MAX_IDENTITY_SIG_BYTES, "identity_sig bytes");
        } else if (tag == lengthDelimited(EXTENSIONS)) {
          decodeExtensions(readBounded(in, bytes.length, "extensions bytes"), certhashes, muxers);
        } else if (!in.skipField(tag)) {
          throw new BadPeerException("NoiseHandshakePayload has a stray end-group tag");
        }
      }
    } catch (IOException e) {
      throw new BadPeerException("malformed NoiseHandshakePayload: " + e.getMessage(), e);
    }
    return new NoiseHandshakePayload(key, sig, certhashes, muxers);
  }

  private static void decodeExtensions(byte[] bytes, List<byte[]> certhashes, List<String> muxers)
      throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (tag == lengthDelimited(CERTHASHES)) {
        checkCount(certhashes.size(), "webtransport_certhashes entries");
        certhashes.add(readBounded(in, MAX_EXTENSION_ENTRY_BYTES, "webtransport_certhash bytes"));
      } else if (tag == lengthDelimited(STREAM_MUXERS)) {
        checkCount(muxers.size(), "stream_muxers entries");
        byte[] raw = readBounded(in, MAX_EXTENSION_ENTRY_BYTES, "stream_muxer bytes");
        muxers.add(new String(raw, StandardCharsets.UTF_8));
      } else if (!in.skipField(tag)) {
        throw new BadPeerException("NoiseExtensions has a stray end-group tag");
      }
    }
  }

  private static void checkCount(int current, String what) {
    if (current >= MAX_EXTENSION_ENTRIES) {
      throw new LimitExceededException(what, MAX_EXTENSION_ENTRIES, current + 1L);
    }
  }

  private static byte[] readBounded(CodedInputStream in, int max, String what) throws IOException {
    int len = in.readRawVarint32();
    if (len < 0 || len > max) {
      throw new LimitExceededException(what, max, Integer.toUnsignedLong(len));
    }
    return in.readRawBytes(len);
  }

  private static int lengthDelimited(int field) {
    return (field << TAG_TYPE_BITS) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }
}
