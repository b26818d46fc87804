package org.peerprobe.p2p.gossip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.host.Connection;
import org.peerprobe.p2p.host.ConnectionListener;
import org.peerprobe.p2p.host.Host;
import org.peerprobe.p2p.mss.NegotiatedStream;
import org.peerprobe.p2p.pubsub.GossipRouter;
import org.peerprobe.p2p.pubsub.Rpc;
import org.peerprobe.p2p.pubsub.RpcCodec;
import org.peerprobe.p2p.pubsub.RpcSender;
import org.peerprobe.p2p.stream.LengthPrefixedReader;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * The gossipsub router's connection to the network: opens our RPC stream to every connected peer,
 * reads theirs, and carries the router's outputs. Create it, pass it as the router's {@link
 * RpcSender} (via {@link #sender()}), then {@link #attach(GossipRouter)} before the host connects.
 */
public final class GossipNetwork implements ConnectionListener {
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(GossipNetwork.class);

  private final Host host;
  private final Map<PeerId, Stream> outbound = new ConcurrentHashMap<>();
  private volatile GossipRouter router;

  public GossipNetwork(Host host) {
    this.host = host;
  }

  /** The router's output port: writes RPCs to peers' streams, disconnects peers it gives up on. */
  public RpcSender sender() {
    return new RpcSender() {
      @Override
      public void send(PeerId peer, Rpc rpc) {
        Stream s = outbound.get(peer);
        if (s == null) {
          return;
        }
        byte[] framed = RpcCodec.encodeFramed(rpc);
        s.scheduler()
            .execute(
                () ->
                    s.write(Unpooled.wrappedBuffer(framed))
                        .whenComplete(
                            (v, err) -> {
                              if (err != null) {
                                LOG.debug("gossip RPC to {} not sent: {}", peer, err.toString());
                              }
                            }));
      }

      @Override
      public void disconnect(PeerId peer, String reason) {
        LOG.info("disconnecting {}: {}", peer, reason);
        closeConnections(peer, "gossip score: " + reason);
      }
    };
  }

  /** Drops our stream to {@code peer} and closes every connection to it. Any thread. */
  private void closeConnections(PeerId peer, String reason) {
    Stream s = outbound.remove(peer);
    if (s != null) {
      s.scheduler().execute(s::reset);
    }
    for (Connection c : host.connections()) {
      if (c.remotePeer().equals(peer)) {
        c.close(reason);
      }
    }
  }

  /** Serves the meshsub protocols and starts following the host's connections. */
  public void attach(GossipRouter router) {
    this.router = router;
    for (String protocol : GossipRouter.PROTOCOLS) {
      host.setProtocolHandler(protocol, this::onInboundStream);
    }
    host.addListener(this);
    for (Connection c : host.connections()) {
      onConnected(c);
    }
  }

  @Override
  public void onConnected(Connection connection) {
    PeerId peer = connection.remotePeer();
    if (outbound.containsKey(peer)) {
      return;
    }
    host.newStream(peer, GossipRouter.PROTOCOLS)
        .whenComplete(
            (stream, err) -> {
              if (err != null) {
                LOG.debug("no gossip stream to {}: {}", peer, err.toString());
                return;
              }
              String protocol = ((NegotiatedStream) stream).protocol();
              if (outbound.putIfAbsent(peer, stream) != null) {
                stream.scheduler().execute(stream::reset);
                return;
              }
              stream.setHandler(new Discard());
              router.peerConnected(peer, protocol, connection.isOutbound());
            });
  }

  @Override
  public void onDisconnected(Connection connection, String reason) {
    PeerId peer = connection.remotePeer();
    boolean stillConnected =
        host.connections().stream().anyMatch(c -> c.remotePeer().equals(peer) && c.isOpen());
    if (!stillConnected && outbound.remove(peer) != null) {
      router.peerDisconnected(peer);
    }
  }

  private void onInboundStream(Stream stream) {
    stream.setHandler(new RpcReader(stream));
  }

  /** Reads a peer's RPC stream: length-prefixed frames, each bounded before it is buffered. */
  private final class RpcReader implements StreamHandler {
    private final LengthPrefixedReader reader;

    RpcReader(Stream stream) {
      this.reader =
          new LengthPrefixedReader(
              stream.alloc(), router.rpcLimits().maxRpcBytes(), "gossipsub RPC size");
    }

    @Override
    public void onData(Stream stream, ByteBuf data) {
      try {
        reader.add(data);
        ByteBuf frame;
        while ((frame = reader.next()) != null) {
          try {
            router.frameReceived(stream.remotePeer(), ByteBufUtil.getBytes(frame));
          } finally {
            frame.release();
          }
        }
      } catch (BadPeerException e) {
        // A malformed or oversized RPC on an authenticated connection is a protocol violation:
        // the peer loses the connection, as for garbage at any lower layer. Resetting only this
        // stream would leave it in our router, fed by us, free to open the next garbage stream.
        LOG.debug("bad gossip RPC from {}: {}", stream.remotePeer(), e.getMessage());
        reader.close();
        stream.reset();
        closeConnections(stream.remotePeer(), "bad gossipsub RPC: " + e.getMessage());
      }
    }

    @Override
    public void onRemoteClosed(Stream stream) {
      reader.close();
    }

    @Override
    public void onReset(Stream stream) {
      reader.close();
    }
  }

  /** Our outbound stream carries only our RPCs; anything the peer sends back on it is dropped. */
  private static final class Discard implements StreamHandler {
    @Override
    public void onData(Stream stream, ByteBuf data) {
      data.release();
    }
  }
}
