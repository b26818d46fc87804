package org.peerprobe.p2p.identify;

import io.netty.buffer.ByteBuf;
import java.util.function.Function;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.stream.LengthPrefix;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * The answering side of identify: register it for {@link Identify#PROTOCOL_ID}. On each stream it
 * writes ONE uvarint-length-prefixed message and half-closes (FIN), as js and go expect. Anything
 * the remote sends is discarded.
 *
 * <p>The message is built per stream by the function given, so the host can fill in the observed
 * address of that stream's connection. A message larger than {@link
 * IdentifyCodec#MAX_MESSAGE_BYTES} is our own misconfiguration: the stream is reset and {@link
 * InternalErrorException} thrown to the caller of {@link #onStream}.
 */
public final class IdentifyResponder implements ProtocolHandler {
  private static final StreamHandler DISCARD = (stream, data) -> data.release();

  private final Function<Stream, Identify> messageFor;

  public IdentifyResponder(Function<Stream, Identify> messageFor) {
    this.messageFor = messageFor;
  }

  @Override
  public void onStream(Stream stream) {
    stream.setHandler(DISCARD);
    byte[] body = IdentifyCodec.encode(messageFor.apply(stream));
    if (body.length > IdentifyCodec.MAX_MESSAGE_BYTES) {
      stream.reset();
      throw new InternalErrorException(
          "our identify message has "
              + body.length
              + " bytes, more than "
              + IdentifyCodec.MAX_MESSAGE_BYTES);
    }
    ByteBuf frame = LengthPrefix.frame(stream.alloc(), body);
    stream.write(frame);
    stream.closeWrite();
  }
}
