package org.peerprobe.p2p.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/** A {@link StreamHandler} that records (and releases) what it receives, for tests. */
public final class RecordingHandler implements StreamHandler {
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private int chunks;
  private boolean remoteClosed;
  private boolean reset;

  @Override
  public void onData(Stream stream, ByteBuf data) {
    received.writeBytes(ByteBufUtil.getBytes(data));
    data.release();
    chunks++;
  }

  @Override
  public void onRemoteClosed(Stream stream) {
    remoteClosed = true;
  }

  @Override
  public void onReset(Stream stream) {
    reset = true;
  }

  public byte[] bytes() {
    return received.toByteArray();
  }

  /** Number of {@code onData} calls so far. */
  public int chunks() {
    return chunks;
  }

  public boolean remoteClosed() {
    return remoteClosed;
  }

  public boolean reset() {
    return reset;
  }
}
