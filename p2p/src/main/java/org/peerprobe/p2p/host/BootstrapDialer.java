package org.peerprobe.p2p.host;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;

/**
 * Keeps this host connected to its bootstrap peers: dials each at start and, whenever a dial fails
 * or the connection drops, redials after an exponentially growing, jittered delay ({@link
 * Backoff}); a successful connection resets the delay. Outbound-only nodes (behind NAT) rely on
 * this to stay in the mesh.
 *
 * <p>All state lives on one {@link Scheduler}'s thread; host callbacks hop onto it.
 */
public final class BootstrapDialer implements ConnectionListener {
  private static final InternalLogger LOG =
      InternalLoggerFactory.getInstance(BootstrapDialer.class);

  private final Host host;
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final Map<PeerId, Multiaddr> peers = new HashMap<>();
  private final Map<PeerId, Integer> failures = new HashMap<>();
  private final Map<PeerId, Scheduler.Cancellable> pending = new HashMap<>();
  private boolean stopped;

  public BootstrapDialer(Host host, Scheduler scheduler, Backoff backoff, List<Multiaddr> addrs) {
    this.host = host;
    this.scheduler = scheduler;
    this.backoff = backoff;
    for (Multiaddr a : addrs) {
      peers.put(
          a.peerId()
              .orElseThrow(() -> new IllegalArgumentException("bootstrap peer needs /p2p/: " + a)),
          a);
    }
  }

  /** Starts dialing every bootstrap peer. */
  public void start() {
    host.addListener(this);
    scheduler.execute(() -> peers.keySet().forEach(this::dial));
  }

  public void stop() {
    scheduler.execute(
        () -> {
          stopped = true;
          pending.values().forEach(Scheduler.Cancellable::cancel);
          pending.clear();
        });
  }

  /** Consecutive failed dials of {@code peer} (0 while connected). Scheduler thread only. */
  int failures(PeerId peer) {
    return failures.getOrDefault(peer, 0);
  }

  private void dial(PeerId peer) {
    pending.remove(peer);
    if (stopped || isConnected(peer)) {
      return;
    }
    host.dial(peers.get(peer))
        .whenComplete(
            (c, err) ->
                scheduler.execute(
                    () -> {
                      if (err == null) {
                        failures.put(peer, 0);
                      } else {
                        int n = failures.merge(peer, 1, Integer::sum);
                        LOG.debug("bootstrap dial {} failed ({}): {}", peer, n, err.toString());
                        retryLater(peer);
                      }
                    }));
  }

  private void retryLater(PeerId peer) {
    if (stopped || pending.containsKey(peer)) {
      return;
    }
    Duration d = backoff.delay(Math.max(1, failures(peer)));
    pending.put(peer, scheduler.schedule(d, () -> dial(peer)));
  }

  private boolean isConnected(PeerId peer) {
    return host.connections().stream().anyMatch(c -> c.remotePeer().equals(peer) && c.isOpen());
  }

  @Override
  public void onConnected(Connection connection) {}

  @Override
  public void onDisconnected(Connection connection, String reason) {
    PeerId peer = connection.remotePeer();
    scheduler.execute(
        () -> {
          if (peers.containsKey(peer) && !isConnected(peer)) {
            retryLater(peer);
          }
        });
  }
}
