package org.peerprobe.p2p.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.identify.Identify;
import org.peerprobe.p2p.identify.IdentifyCodec;
import org.peerprobe.p2p.identify.IdentifyResult;
import org.peerprobe.p2p.stream.LengthPrefix;
import org.peerprobe.p2p.stream.LengthPrefixedReader;

/** Stream protocols: the identify codec and the uvarint-length-prefixed message reader. */
class StreamFuzzTest {
  /** Limits the reader is tried with; option bits 0–2 pick one. */
  static final int[] READER_LIMITS = {0, 1, 127, 128, 1024, 16_383, 16_384, 1 << 20};

  /** The peer an identify message is checked against when its key yields no PeerId. */
  private static final PeerId OTHER = HostKey.fromSeed(new byte[HostKey.SEED_BYTES]).peerId();

  /** Input: one identify message (no {@link FuzzInput} header). */
  @FuzzTest
  void identify(byte[] data) {
    identifyMessage(data);
  }

  /** Option bits 0–2 pick the limit from {@link #READER_LIMITS}; the body is the stream. */
  @FuzzTest
  void lengthPrefixedReader(byte[] data) {
    read(data);
  }

  /** True when the message decoded and verified against the key it carries. */
  static boolean identifyMessage(byte[] data) {
    try (LogTrap trap = new LogTrap()) {
      Optional<Identify> decoded =
          Invariants.peerFaultWithinHeap(data.length, () -> IdentifyCodec.decode(data));
      boolean verified = false;
      if (decoded.isPresent()) {
        Identify m = decoded.get();
        Invariants.check(
            m.listenAddrs().size() <= IdentifyCodec.MAX_LISTEN_ADDRS
                && m.protocols().size() <= IdentifyCodec.MAX_PROTOCOLS,
            "identify list limits");
        Invariants.check(
            IdentifyCodec.decode(IdentifyCodec.encode(m)).equals(m), "decode(encode(m)) differs");
        Optional<PeerId> claimed =
            Invariants.peerFaultOr(
                () -> PeerId.fromEd25519(HostKey.ed25519FromProtobuf(m.publicKey().toByteArray())));
        PeerId remote = claimed.orElse(OTHER);
        verified = Invariants.peerFaultOr(() -> IdentifyResult.verify(remote, m)).isPresent();
      }
      trap.assertQuiet();
      return verified;
    }
  }

  /**
   * Reads the body's messages in the chunks {@link FuzzInput} says and compares them with a plain
   * reference parse: the same messages, then the same failure (or none). True when at least one
   * message came out.
   */
  static boolean read(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    int limit = READER_LIMITS[in.options() & 7];
    List<byte[]> expected = new ArrayList<>();
    boolean expectFailure = referenceParse(in.body(), limit, expected);
    TrackingAllocator alloc = new TrackingAllocator();
    List<byte[]> got = new ArrayList<>();
    boolean failed = false;
    try (LogTrap trap = new LogTrap();
        LengthPrefixedReader reader = new LengthPrefixedReader(alloc, limit, "fuzz bytes")) {
      for (byte[] chunk : in.chunks()) {
        reader.add(alloc.buffer(chunk.length).writeBytes(chunk));
        Optional<Boolean> ok = Invariants.peerFaultOr(() -> drain(reader, got));
        if (ok.isEmpty()) {
          failed = true;
          break;
        }
      }
      trap.assertQuiet();
    }
    Invariants.check(failed == expectFailure, failed ? "failed on a valid stream" : "no failure");
    Invariants.check(
        got.size() == expected.size(), got.size() + " messages, not " + expected.size());
    for (int i = 0; i < got.size(); i++) {
      Invariants.check(Arrays.equals(got.get(i), expected.get(i)), "message " + i + " differs");
    }
    Invariants.check(alloc.unreleased().isEmpty(), "buffers not released: " + alloc.unreleased());
    Invariants.check(
        alloc.largestRequest() <= Math.max(64, in.body().length), "allocated beyond the input");
    return !got.isEmpty();
  }

  private static boolean drain(LengthPrefixedReader reader, List<byte[]> got) {
    for (ByteBuf m; (m = reader.next()) != null; ) {
      try {
        got.add(ByteBufUtil.getBytes(m));
      } finally {
        m.release();
      }
    }
    return true;
  }

  /**
   * The reference: minimal uvarint prefixes of at most {@link LengthPrefix#MAX_PREFIX_BYTES} bytes
   * and bodies of at most {@code limit}. Collects the complete messages and says whether the stream
   * breaks a rule, which counts as soon as the prefix bytes seen so far prove it.
   */
  static boolean referenceParse(byte[] s, int limit, List<byte[]> out) {
    int at = 0;
    while (at < s.length) {
      long len = 0;
      int i = 0;
      while (true) {
        if (i == LengthPrefix.MAX_PREFIX_BYTES) {
          return true;
        }
        if (at + i >= s.length) {
          return false;
        }
        int b = s[at + i] & 0xff;
        len |= (long) (b & 0x7f) << (7 * i);
        if (len > limit) {
          return true;
        }
        if ((b & 0x80) == 0) {
          if (b == 0 && i > 0) {
            return true;
          }
          break;
        }
        if (1L << (7 * (i + 1)) > limit) {
          return true;
        }
        i++;
      }
      int start = at + i + 1;
      if (start + len > s.length) {
        return false;
      }
      out.add(Arrays.copyOfRange(s, start, start + (int) len));
      at = start + (int) len;
    }
    return false;
  }
}
