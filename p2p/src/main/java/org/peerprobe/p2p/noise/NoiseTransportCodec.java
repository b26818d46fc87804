package org.peerprobe.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageCodec;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;

/**
 * Noise transport framing after the handshake (libp2p specs noise/README.md, "Wire Format"): every
 * frame is a u16 big-endian length ‖ a ChaChaPoly ciphertext of at most {@link #MAX_FRAME_BYTES}
 * including its 16-byte tag.
 *
 * <p><b>Outbound:</b> each {@link ByteBuf} written is split into chunks of at most {@link
 * #MAX_PLAINTEXT_BYTES}, each encrypted into one frame; an empty buffer produces no frame.
 * <b>Inbound:</b> each complete frame is authenticated and decrypted and its plaintext passed on as
 * a {@link ByteBuf} (empty plaintexts are dropped). Frame boundaries carry no meaning: upper
 * protocols (yamux) must treat the inbound buffers as one byte stream.
 *
 * <p><b>Limits:</b> a frame length is read from its 2-byte header and checked (at least {@link
 * NoiseCipherState#TAG_BYTES}) before anything is allocated; the u16 header caps frames at {@link
 * #MAX_FRAME_BYTES}, so at most one partial frame (64 KiB) is buffered. A frame that fails
 * authentication, or a malformed length, is the peer's fault: it is logged without a stack trace,
 * all further input is discarded and the channel is closed; nothing is thrown down the pipeline.
 *
 * <p><b>Buffers:</b> the codec releases every buffer written to it (after encrypting) and every
 * inbound buffer it consumes; decrypted buffers passed on are owned by the next handler. Writing
 * anything but a {@link ByteBuf} fails that write (it is never sent unencrypted).
 *
 * <p>Not sharable; one instance per connection, used from its event loop only.
 */
public final class NoiseTransportCodec extends ByteToMessageCodec<ByteBuf> {
  /** Size of the frame length prefix (u16 big-endian). */
  public static final int LENGTH_PREFIX_BYTES = 2;

  /** Largest Noise transport message: ciphertext plus tag (libp2p specs, "Wire Format"). */
  public static final int MAX_FRAME_BYTES = 65535;

  /** Largest plaintext per frame: {@code MAX_FRAME_BYTES - TAG_BYTES} = 65519. */
  public static final int MAX_PLAINTEXT_BYTES = MAX_FRAME_BYTES - NoiseCipherState.TAG_BYTES;

  private static final System.Logger LOG = System.getLogger(NoiseTransportCodec.class.getName());
  private static final int TAG = NoiseCipherState.TAG_BYTES;
  private static final int MAX_BUFFER = Integer.MAX_VALUE - 8;

  private final NoiseCipherState sendCipher;
  private final NoiseCipherState receiveCipher;
  private boolean failed;

  /** A codec using the ciphers of a completed {@link NoiseXXHandshake}. */
  public NoiseTransportCodec(NoiseCipherState sendCipher, NoiseCipherState receiveCipher) {
    super(ByteBuf.class, false); // heap buffers: encrypt straight into their arrays
    this.sendCipher = Objects.requireNonNull(sendCipher);
    this.receiveCipher = Objects.requireNonNull(receiveCipher);
  }

  /** Encrypts {@link ByteBuf}s; any other message is a local bug and fails its promise. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg);
      promise.setFailure(
          new InternalErrorException("only ByteBufs can be sent over Noise, not " + msg));
      return;
    }
    super.write(ctx, msg, promise);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
    long plain = msg.readableBytes();
    long frames = (plain + MAX_PLAINTEXT_BYTES - 1) / MAX_PLAINTEXT_BYTES;
    out.ensureWritable((int) Math.min(plain + frames * (LENGTH_PREFIX_BYTES + TAG), MAX_BUFFER));
    while (msg.isReadable()) {
      int n = Math.min(msg.readableBytes(), MAX_PLAINTEXT_BYTES);
      byte[] in;
      int inOff;
      if (msg.hasArray()) {
        in = msg.array();
        inOff = msg.arrayOffset() + msg.readerIndex();
      } else {
        in = new byte[n];
        inOff = 0;
        msg.getBytes(msg.readerIndex(), in);
      }
      out.ensureWritable(LENGTH_PREFIX_BYTES + n + TAG);
      out.writeShort(n + TAG);
      if (out.hasArray()) {
        int w = out.writerIndex();
        sendCipher.encrypt(null, in, inOff, n, out.array(), out.arrayOffset() + w);
        out.writerIndex(w + n + TAG);
      } else {
        byte[] ct = new byte[n + TAG];
        sendCipher.encrypt(null, in, inOff, n, ct, 0);
        out.writeBytes(ct);
      }
      msg.skipBytes(n);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < LENGTH_PREFIX_BYTES) {
      return;
    }
    int len = in.getUnsignedShort(in.readerIndex());
    if (len < TAG) {
      fail(ctx, in, new BadPeerException("Noise transport frame of " + len + " bytes has no tag"));
      return;
    }
    if (in.readableBytes() < LENGTH_PREFIX_BYTES + len) {
      return;
    }
    in.skipBytes(LENGTH_PREFIX_BYTES);
    byte[] ct;
    int ctOff;
    if (in.hasArray()) {
      ct = in.array();
      ctOff = in.arrayOffset() + in.readerIndex();
    } else {
      ct = new byte[len];
      ctOff = 0;
      in.getBytes(in.readerIndex(), ct);
    }
    ByteBuf plain = ctx.alloc().heapBuffer(len - TAG);
    try {
      if (plain.hasArray()) {
        int n = receiveCipher.decrypt(null, ct, ctOff, len, plain.array(), plain.arrayOffset());
        plain.writerIndex(n);
      } else {
        plain.writeBytes(receiveCipher.decrypt(null, ct, ctOff, len));
      }
    } catch (BadPeerException e) {
      plain.release();
      fail(ctx, in, e);
      return;
    }
    in.skipBytes(len);
    if (plain.isReadable()) {
      out.add(plain);
    } else {
      plain.release();
    }
  }

  private void fail(ChannelHandlerContext ctx, ByteBuf in, BadPeerException e) {
    failed = true;
    in.skipBytes(in.readableBytes());
    LOG.log(
        Level.INFO,
        "closing Noise connection {0}: {1}",
        ctx.channel().remoteAddress(),
        e.getMessage());
    ctx.close();
  }
}
