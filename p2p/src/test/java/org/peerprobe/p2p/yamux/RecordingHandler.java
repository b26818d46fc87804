package org.peerprobe.p2p.yamux;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/** Collects a stream's bytes and events; optionally echoes data and the half-close. */
class RecordingHandler implements StreamHandler {
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  boolean remoteClosed;
  int resets;
  int dataCalls;
  private final boolean echo;

  RecordingHandler(boolean echo) {
    this.echo = echo;
  }

  RecordingHandler() {
    this(false);
  }

  @Override
  public void onData(Stream stream, ByteBuf data) {
    dataCalls++;
    byte[] bytes = new byte[data.readableBytes()];
    data.getBytes(data.readerIndex(), bytes);
    received.writeBytes(bytes);
    if (echo) {
      stream.write(data);
    } else {
      data.release();
    }
  }

  @Override
  public void onRemoteClosed(Stream stream) {
    remoteClosed = true;
    if (echo) {
      stream.closeWrite();
    }
  }

  @Override
  public void onReset(Stream stream) {
    resets++;
  }

  String text() {
    return received.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  byte[] bytes() {
    return received.toByteArray();
  }
}
