package org.peerprobe.p2p.network;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.host.NettyHost;
import org.peerprobe.p2p.pubsub.GossipRouter;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * A node whose transport is correct (Noise, yamux, multistream-select) but whose gossipsub is
 * garbage: on each connection it dials it opens a {@code /meshsub/1.1.0} stream and writes
 * length-prefixed frames that are not RPCs (each body starts with a protobuf tag of the invalid
 * wire type 7, followed by seeded random bytes). It serves no gossipsub itself.
 */
final class GarbagePeer implements AutoCloseable {
  /** Garbage frames written per stream; the first one is already fatal. */
  static final int FRAMES = 8;

  private final NettyHost host;
  private final Random random;

  GarbagePeer(HostKey key, EventLoopGroup group, long seed) {
    this.random = new Random(seed);
    this.host = new NettyHost(HostConfig.builder(key).random(new Random(seed + 1)).build(), group);
  }

  NettyHost host() {
    return host;
  }

  PeerId peerId() {
    return host.peerId();
  }

  /** Connects to {@code addr} and writes the garbage; completes once it was handed to yamux. */
  CompletableFuture<Void> dialAndSpew(Multiaddr addr) {
    byte[] garbage = garbage();
    return host.dial(addr)
        .thenCompose(c -> host.newStream(c.remotePeer(), List.of(GossipRouter.PROTOCOL_V11)))
        .thenCompose(
            s -> {
              CompletableFuture<Void> written = new CompletableFuture<>();
              s.scheduler()
                  .execute(
                      () ->
                          s.write(Unpooled.wrappedBuffer(garbage))
                              .whenComplete(
                                  (v, err) -> {
                                    if (err != null) {
                                      written.completeExceptionally(err);
                                    } else {
                                      written.complete(null);
                                    }
                                  }));
              return written;
            });
  }

  private byte[] garbage() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < FRAMES; i++) {
      byte[] body = new byte[1 + random.nextInt(100)];
      random.nextBytes(body);
      body[0] = 0x0f; // field 1, wire type 7: no such wire type
      out.write(body.length); // < 128: a one-byte uvarint
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    JavaPeer.await(host.stop(), Duration.ofSeconds(10));
  }
}
