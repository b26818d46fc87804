package org.peerprobe.p2p.pubsub;

/**
 * Decode limits for one gossipsub RPC, each checked before anything is allocated for the item it
 * bounds. The defaults follow js {@code @libp2p/gossipsub} ({@code defaultDecodeRpcLimits}) except
 * the frame size, which is the spec's and go's 1 MiB (js accepts 4 MiB, but every implementation
 * sends at most 1 MiB).
 *
 * @param maxRpcBytes largest encoded RPC (the uvarint length prefix excluded)
 * @param maxSubscriptions most {@code SubOpts} in one RPC
 * @param maxMessages most published messages in one RPC
 * @param maxControlEntries most entries in each control list (IHAVE, IWANT, GRAFT, PRUNE,
 *     IDONTWANT)
 * @param maxIHaveIds most message ids in one IHAVE
 * @param maxIWantIds most message ids in one IWANT
 * @param maxIDontWantIds most message ids in one IDONTWANT (skipped, but still bounded)
 * @param maxPeerInfos most PX peers in one PRUNE
 * @param maxTopicBytes longest topic, in UTF-8 bytes
 * @param maxMessageIdBytes longest message id
 */
public record RpcLimits(
    int maxRpcBytes,
    int maxSubscriptions,
    int maxMessages,
    int maxControlEntries,
    int maxIHaveIds,
    int maxIWantIds,
    int maxIDontWantIds,
    int maxPeerInfos,
    int maxTopicBytes,
    int maxMessageIdBytes) {

  /** 1 MiB: the largest RPC sent or accepted (spec pubsub/README.md, go-libp2p-pubsub). */
  public static final int DEFAULT_MAX_RPC_BYTES = 1 << 20;

  /** js {@code defaultDecodeRpcLimits}: 5000 for every list. */
  public static final int DEFAULT_MAX_LIST_ENTRIES = 5000;

  /** js {@code GossipsubIdontwantMaxMessages}. */
  public static final int DEFAULT_MAX_IDONTWANT_IDS = 512;

  /** js {@code GossipsubPrunePeers}. */
  public static final int DEFAULT_MAX_PEER_INFOS = 16;

  public static final int DEFAULT_MAX_TOPIC_BYTES = 1024;

  /**
   * Ids here are 44 bytes (js format) or 46 (spec format); 128 leaves room for custom functions
   * while keeping 5000 ids of a full IHAVE/IWANT under the 1 MiB frame.
   */
  public static final int DEFAULT_MAX_MESSAGE_ID_BYTES = 128;

  public static final RpcLimits DEFAULT =
      new RpcLimits(
          DEFAULT_MAX_RPC_BYTES,
          DEFAULT_MAX_LIST_ENTRIES,
          DEFAULT_MAX_LIST_ENTRIES,
          DEFAULT_MAX_LIST_ENTRIES,
          DEFAULT_MAX_LIST_ENTRIES,
          DEFAULT_MAX_LIST_ENTRIES,
          DEFAULT_MAX_IDONTWANT_IDS,
          DEFAULT_MAX_PEER_INFOS,
          DEFAULT_MAX_TOPIC_BYTES,
          DEFAULT_MAX_MESSAGE_ID_BYTES);

  public RpcLimits {
    positive("maxRpcBytes", maxRpcBytes);
    positive("maxSubscriptions", maxSubscriptions);
    positive("maxMessages", maxMessages);
    positive("maxControlEntries", maxControlEntries);
    positive("maxIHaveIds", maxIHaveIds);
    positive("maxIWantIds", maxIWantIds);
    positive("maxIDontWantIds", maxIDontWantIds);
    positive("maxPeerInfos", maxPeerInfos);
    positive("maxTopicBytes", maxTopicBytes);
    positive("maxMessageIdBytes", maxMessageIdBytes);
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }
}
