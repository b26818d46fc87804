/**
 * Gossipsub v1.1 with the StrictSign policy, wire-compatible with js {@code @libp2p/gossipsub}
 * 17.x, as a transport-independent router.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>Wire model and codec: {@link org.peerprobe.p2p.pubsub.Rpc}, {@link
 *       org.peerprobe.p2p.pubsub.Message}, {@link org.peerprobe.p2p.pubsub.ControlMessage}, {@link
 *       org.peerprobe.p2p.pubsub.RpcCodec} with {@link org.peerprobe.p2p.pubsub.RpcLimits}.
 *   <li>Signatures and ids: {@link org.peerprobe.p2p.pubsub.StrictSign}, {@link
 *       org.peerprobe.p2p.pubsub.MessageIdFunction} ({@code JS_DEFAULT} by default).
 *   <li>The router: {@link org.peerprobe.p2p.pubsub.GossipRouter} implementing {@link
 *       org.peerprobe.p2p.pubsub.PubSub}, configured by {@link
 *       org.peerprobe.p2p.pubsub.GossipParams} and {@link org.peerprobe.p2p.pubsub.ScoreParams},
 *       writing through an {@link org.peerprobe.p2p.pubsub.RpcSender}.
 * </ul>
 *
 * <h2>Threading: one writer</h2>
 *
 * All router state is owned by one {@link org.peerprobe.p2p.core.Scheduler} thread. Every input
 * (peer events, RPCs, subscribe, publish, validator verdicts, heartbeats, timeouts) is a task on
 * that scheduler; nothing is locked. Outputs, handlers and validator invocations run on that thread
 * and must not block. Decoding ({@link org.peerprobe.p2p.pubsub.RpcCodec}) is stateless and may run
 * on the I/O thread. Time and randomness are injected (the scheduler's clock, a {@link
 * java.util.Random}), so a seeded simulation on a virtual-time scheduler is deterministic.
 *
 * <h2>Limits and memory bounds</h2>
 *
 * <ul>
 *   <li>Per RPC, before allocation ({@link org.peerprobe.p2p.pubsub.RpcLimits}): 1 MiB frame; 5000
 *       subscriptions, messages and entries per control list; 5000 ids per IHAVE or IWANT; 512 per
 *       IDONTWANT (skipped); 16 PX peers; 1024-byte topics; 128-byte message ids. The router never
 *       sends a larger RPC: outgoing batches are split at the frame limit, and a publish that
 *       cannot fit fails.
 *   <li>Per peer: {@link org.peerprobe.p2p.pubsub.GossipParams#maxTopicsPerPeer} announced topics;
 *       per heartbeat {@code maxIHaveMessages} IHAVEs handled and {@code maxIHaveLength} ids asked.
 *   <li>Caches: seen ids and delivery records for {@code seenTtl}, at most {@code maxSeenEntries};
 *       the message cache holds {@code historyLength} heartbeats of accepted messages; IWANT
 *       promises at most {@code maxPendingPromises}; backoffs at most {@code maxBackoffEntries};
 *       validations in flight at most {@code maxPendingValidations} (excess messages are ignored
 *       unpenalised), each bounded by {@code validationTimeout}; retained scores of disconnected
 *       peers at most {@link org.peerprobe.p2p.pubsub.ScoreParams#maxRetainedPeers} for {@code
 *       retainScore}.
 * </ul>
 *
 * <h2>Interop notes</h2>
 *
 * js signs fields 1–4 re-encoded, requires {@code from}, an 8-byte seqno and a signature, and names
 * messages {@code PublicKey protobuf ‖ seqno} — not the spec's {@code from ‖ seqno}; see {@link
 * org.peerprobe.p2p.pubsub.MessageIdFunction}. A GRAFT for a topic we do not join is answered with
 * PRUNE (spec; js silently ignores it). IDONTWANT ({@code /meshsub/1.2.0}) is not offered.
 */
package org.peerprobe.p2p.pubsub;
