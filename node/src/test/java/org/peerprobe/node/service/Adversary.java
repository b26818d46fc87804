package org.peerprobe.node.service;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.PubSub;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * A Byzantine participant that speaks gossip directly: a bare {@link JavaPeer} keyed with {@code
 * key} (so its gossip author is that key's PeerId), subscribed to the network's report and
 * certificate topics, publishing whatever the test crafts. It keeps the signed reports it receives
 * (from honest nodes) so tests can replay or tamper with them.
 *
 * <p>{@link #everyRound} runs an action once per round, {@link #ACT_AT} into the round, on one of
 * the fixture's event loops until {@link #close()}.
 */
final class Adversary implements AutoCloseable {
  /**
   * How far into each round the adversary acts: early, so that what it sends for the current round
   * is as timely as honest reports (nodes probe in the first half of a round).
   */
  static final double ACT_AT = 0.25;

  private final JavaPeer peer;
  private final Ed25519KeyPair key;
  private final String network;
  private final Topics topics;
  private final String networkId;
  private final RoundClock clock;
  private final EventLoop loop;
  private final Set<Long> acted = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<SignedReport> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private volatile ScheduledFuture<?> next;
  private volatile boolean running;

  /**
   * @param network the network this adversary declares in its reports
   */
  Adversary(TestNodes nodes, Ed25519KeyPair key, String network) {
    this.peer = nodes.peer(key);
    this.key = key;
    this.network = network;
    this.topics = nodes.topics();
    this.networkId = nodes.net().networkId();
    this.clock = nodes.clock();
    this.loop = nodes.group().next();
    peer.subscribe(topics.reports(), this::keep);
    peer.subscribe(topics.certificates(), m -> {});
    nodes.closeLater(this);
  }

  /** An adversary with observer {@code i}'s key and roster network (a corrupt member). */
  static Adversary member(TestNodes nodes, int i) {
    return new Adversary(nodes, nodes.net().key(i), nodes.net().observer(i).network());
  }

  /** An adversary whose key is in no roster. */
  static Adversary outsider(TestNodes nodes, Ed25519KeyPair key) {
    return new Adversary(nodes, key, "AS64999");
  }

  PeerId peerId() {
    return peer.host().peerId();
  }

  Ed25519KeyPair key() {
    return key;
  }

  Topics topics() {
    return topics;
  }

  /** Extra handler for every report message delivered to this adversary. */
  void onReport(PubSub.MessageHandler handler) {
    peer.subscribe(topics.reports(), handler);
  }

  /** Publishes {@code data} on {@code topic} as this adversary; failures are kept. */
  void publish(String topic, byte[] data) {
    peer.router()
        .publish(topic, data)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                failures.add(e.toString());
              }
            });
  }

  /** Why publishing failed (e.g. no peer took the message yet), one entry per failure. */
  List<String> publishFailures() {
    return List.copyOf(failures);
  }

  /** This adversary's own signed report for {@code round} (variants differ in content only). */
  SignedReport report(long round, Map<String, Status> statusByFront, int variant) {
    List<Observation> obs = new ArrayList<>();
    statusByFront.forEach(
        (front, s) ->
            obs.add(TestNetwork.observation(front, s, TestNetwork.OBSERVED_AT_MS + variant)));
    return SignedReport.sign(RoundReport.of(networkId, round, key.publicKey(), network, obs), key);
  }

  /** Runs {@code action} with the current round once per round, from the next round on. */
  void everyRound(LongConsumer action) {
    running = true;
    schedule(clock.currentRound() + 1, action);
  }

  private void schedule(long round, LongConsumer action) {
    long at = clock.roundStartMillis(round) + (long) (clock.intervalMs() * ACT_AT);
    long delay = Math.max(0, at - clock.nowMillis());
    next =
        loop.schedule(
            () -> {
              if (!running) {
                return;
              }
              action.accept(round);
              acted.add(round);
              schedule(round + 1, action);
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  /** The rounds in which the periodic action ran. */
  Set<Long> actedRounds() {
    return Set.copyOf(acted);
  }

  /** The last round the periodic action ran in, or -1. */
  long lastActedRound() {
    return acted.stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  /** Signed reports this adversary received for {@code round}. */
  List<SignedReport> receivedReports(long round) {
    return received.stream().filter(r -> r.report().round() == round).toList();
  }

  private void keep(ReceivedMessage m) {
    Validated<SignedReport> r = SignedReport.decode(m.data());
    if (r.isValid()) {
      received.add(r.orElseThrow());
    }
  }

  /** Stops the periodic action (the peer itself is closed by the fixture). */
  @Override
  public void close() {
    running = false;
    ScheduledFuture<?> f = next;
    if (f != null) {
      f.cancel(false);
    }
  }
}
