package org.peerprobe.p2p.pubsub;

import org.peerprobe.p2p.core.PeerId;

/**
 * The router's outputs, implemented by the transport binding. Called on the router thread; must not
 * block and must not call back into the router synchronously expecting an effect before returning
 * (router inputs are posted and run later anyway).
 */
public interface RpcSender {
  /**
   * Writes {@code rpc} to {@code peer}'s outbound gossipsub stream, as {@link
   * RpcCodec#encodeFramed} bytes, in call order. The router never sends an empty RPC nor one larger
   * than {@link RpcLimits#maxRpcBytes}. The first RPC to a peer carries our subscriptions. When the
   * stream is gone the binding drops the RPC and reports {@link GossipRouter#peerDisconnected}.
   */
  void send(PeerId peer, Rpc rpc);

  /**
   * Asks the host to close the connection to {@code peer} (its score fell below {@link
   * ScoreParams#disconnectThreshold}). The router has already forgotten the peer; the binding still
   * reports {@link GossipRouter#peerDisconnected} when the connection closes (harmless).
   */
  void disconnect(PeerId peer, String reason);
}
