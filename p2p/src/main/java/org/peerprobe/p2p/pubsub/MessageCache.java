package org.peerprobe.p2p.pubsub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.peerprobe.p2p.core.PeerId;

/**
 * The sliding message cache of gossipsub (gossipsub-v1.0.md "Message Cache"): validated messages of
 * the last {@code historyLength} heartbeat windows, answering IWANTs, and the ids of the last
 * {@code historyGossip} windows, advertised in IHAVEs. Counts how often each peer asked for each
 * message so IWANT floods are not served beyond {@link GossipParams#gossipRetransmission}.
 *
 * <p>Router-thread only. Memory: the messages accepted in {@code historyLength} heartbeats.
 */
final class MessageCache {
  private record Window(List<MessageId> ids) {}

  private static final class Entry {
    final Message message;
    final Map<PeerId, Integer> iwantCounts = new HashMap<>();

    Entry(Message message) {
      this.message = message;
    }
  }

  private final int historyGossip;
  private final int historyLength;
  private final Map<MessageId, Entry> messages = new HashMap<>();

  /** Newest window first. */
  private final ArrayDeque<Window> windows = new ArrayDeque<>();

  MessageCache(int historyGossip, int historyLength) {
    this.historyGossip = historyGossip;
    this.historyLength = historyLength;
    windows.addFirst(new Window(new ArrayList<>()));
  }

  void put(MessageId id, Message message) {
    if (messages.putIfAbsent(id, new Entry(message)) == null) {
      windows.peekFirst().ids().add(id);
    }
  }

  boolean contains(MessageId id) {
    return messages.containsKey(id);
  }

  /**
   * The message for an IWANT of {@code peer}, or null when it is unknown or the peer asked for it
   * more than {@code maxRetransmissions} times.
   */
  Message getForPeer(MessageId id, PeerId peer, int maxRetransmissions) {
    Entry e = messages.get(id);
    if (e == null) {
      return null;
    }
    int count = e.iwantCounts.merge(peer, 1, Integer::sum);
    return count > maxRetransmissions ? null : e.message;
  }

  /** Ids in the gossip windows whose message is on {@code topic}, newest first. */
  List<MessageId> gossipIds(String topic) {
    List<MessageId> out = new ArrayList<>();
    int n = 0;
    for (Iterator<Window> it = windows.iterator(); it.hasNext() && n < historyGossip; n++) {
      for (MessageId id : it.next().ids()) {
        Entry e = messages.get(id);
        if (e != null && e.message.topic().equals(topic)) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /** Starts a new window and drops the oldest beyond {@code historyLength}. */
  void shift() {
    if (windows.size() >= historyLength) {
      for (MessageId id : windows.removeLast().ids()) {
        messages.remove(id);
      }
    }
    windows.addFirst(new Window(new ArrayList<>()));
  }

  int size() {
    return messages.size();
  }
}
