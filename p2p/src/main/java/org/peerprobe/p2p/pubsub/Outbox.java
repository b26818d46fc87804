package org.peerprobe.p2p.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.IWant;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;

/**
 * What the router wants to tell each peer during one task, sent as few RPCs as possible when the
 * task ends ({@link #flush}): subscriptions first, then control, then messages, split so that no
 * RPC exceeds the size limit. Router-thread only; holds nothing between tasks.
 */
final class Outbox {
  private static final class Pending {
    final List<SubOpts> subs = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    final List<IHave> ihave = new ArrayList<>();
    final List<IWant> iwant = new ArrayList<>();
    final List<Graft> graft = new ArrayList<>();
    final List<Prune> prune = new ArrayList<>();
  }

  private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

  private final Map<PeerId, Pending> pending = new LinkedHashMap<>();
  private final int maxRpcBytes;

  Outbox(int maxRpcBytes) {
    this.maxRpcBytes = maxRpcBytes;
  }

  private Pending of(PeerId peer) {
    return pending.computeIfAbsent(peer, p -> new Pending());
  }

  void subscription(PeerId peer, SubOpts sub) {
    of(peer).subs.add(sub);
  }

  void message(PeerId peer, Message m) {
    of(peer).messages.add(m);
  }

  void ihave(PeerId peer, IHave ihave) {
    of(peer).ihave.add(ihave);
  }

  void iwant(PeerId peer, IWant iwant) {
    of(peer).iwant.add(iwant);
  }

  void graft(PeerId peer, String topic) {
    of(peer).graft.add(new Graft(topic));
  }

  void prune(PeerId peer, Prune prune) {
    of(peer).prune.add(prune);
  }

  void forget(PeerId peer) {
    pending.remove(peer);
  }

  /** Sends everything pending and empties the box. */
  void flush(RpcSender sender) {
    if (pending.isEmpty()) {
      return;
    }
    List<Map.Entry<PeerId, Pending>> all = new ArrayList<>(pending.entrySet());
    pending.clear();
    for (Map.Entry<PeerId, Pending> e : all) {
      send(sender, e.getKey(), e.getValue());
    }
  }

  private void send(RpcSender sender, PeerId peer, Pending p) {
    ControlMessage control = new ControlMessage(p.ihave, p.iwant, p.graft, p.prune);
    Rpc head = new Rpc(p.subs, List.of(), control);
    int size = RpcCodec.encodedSize(head);
    if (size > maxRpcBytes) {
      // Only gossip can grow this large; it is advisory, so drop it rather than split it.
      LOG.log(System.Logger.Level.DEBUG, "dropping oversized gossip to {0}", peer);
      control = new ControlMessage(List.of(), p.iwant, p.graft, p.prune);
      head = new Rpc(p.subs, List.of(), control);
      size = RpcCodec.encodedSize(head);
    }
    List<Message> batch = new ArrayList<>();
    for (Message m : p.messages) {
      int entry = RpcCodec.publishEntrySize(m);
      if (size + entry > maxRpcBytes && (!batch.isEmpty() || !head.isEmpty())) {
        sender.send(peer, new Rpc(head.subscriptions(), batch, head.control()));
        head = Rpc.EMPTY;
        batch = new ArrayList<>();
        size = 0;
      }
      batch.add(m);
      size += entry;
    }
    Rpc last = new Rpc(head.subscriptions(), batch, head.control());
    if (!last.isEmpty()) {
      sender.send(peer, last);
    }
  }
}
