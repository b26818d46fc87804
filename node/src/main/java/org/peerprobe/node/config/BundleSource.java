package org.peerprobe.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.Router;

/**
 * The operator's editable description of a network ({@code bundle.yaml}), read by {@link
 * BundleSourceFile}: a {@link NetworkBundle} in the making. Unlike a bundle it may be incomplete
 * (no observers yet) and has a version only once one was chosen; {@link #toBundle(long)} makes the
 * bundle to sign. Every value in it has been validated.
 *
 * @param version the lowest version to sign next, when the file sets one
 */
public record BundleSource(
    String networkId,
    OptionalLong version,
    Ed25519PublicKey operator,
    int roundIntervalSeconds,
    boolean allowPrivateAddresses,
    QuorumPolicy policy,
    List<Ed25519PublicKey> signers,
    List<Observer> observers,
    List<Front> fronts,
    List<Router> routers,
    List<String> bootstrapPeers) {

  public BundleSource {
    signers = List.copyOf(signers);
    observers = List.copyOf(observers);
    fronts = List.copyOf(fronts);
    routers = List.copyOf(routers);
    bootstrapPeers = List.copyOf(bootstrapPeers);
  }

  /**
   * A new network's source: the default policy and interval, two example fronts and a router for
   * the operator to edit, no observers yet.
   */
  public static BundleSource template(String networkId, Ed25519PublicKey operator) {
    return new BundleSource(
        networkId,
        OptionalLong.empty(),
        operator,
        NetworkBundle.DEFAULT_ROUND_INTERVAL_SECONDS,
        false,
        QuorumPolicy.DEFAULT,
        List.of(),
        List.of(),
        List.of(
            Front.of("cf-front", "cf-front.example.org", "https://cf-front.example.org/"),
            Front.of("cdn2-front", "cdn2-front.example.org", "https://cdn2-front.example.org/")),
        List.of(
            new Router(
                RouterPolicy.builder("web-router", "cf-front", "cdn2-front").build(),
                Router.DEFAULT_TTL_SECONDS)),
        List.of());
  }

  /** This source with one more observer. */
  public BundleSource withObserver(Observer observer) {
    if (observers.stream().anyMatch(o -> o.key().equals(observer.key()))) {
      throw new IllegalArgumentException(
          "observer " + observer.key().peerId() + " is already in the roster");
    }
    List<Observer> more = new ArrayList<>(observers);
    more.add(observer);
    return withObservers(more);
  }

  /** This source without the observer with {@code key}. */
  public BundleSource withoutObserver(Ed25519PublicKey key) {
    List<Observer> fewer = new ArrayList<>(observers);
    if (!fewer.removeIf(o -> o.key().equals(key))) {
      throw new IllegalArgumentException("observer " + key.peerId() + " is not in the roster");
    }
    return withObservers(fewer);
  }

  private BundleSource withObservers(List<Observer> list) {
    return new BundleSource(
        networkId,
        version,
        operator,
        roundIntervalSeconds,
        allowPrivateAddresses,
        policy,
        signers,
        list,
        fronts,
        routers,
        bootstrapPeers);
  }

  /**
   * The bundle with this content at {@code version}.
   *
   * @throws IllegalArgumentException naming what keeps it from being a valid bundle
   */
  public NetworkBundle toBundle(long version) {
    if (observers.isEmpty()) {
      throw new IllegalArgumentException(
          "the roster has no observers yet: add them with `peerprobe network add-observer`");
    }
    Roster.Builder r =
        Roster.builder().networkId(networkId).version(version).operator(operator).policy(policy);
    observers.forEach(r::observer);
    signers.forEach(r::signer);
    NetworkBundle.Builder b =
        NetworkBundle.builder()
            .roster(r.build())
            .roundIntervalSeconds(roundIntervalSeconds)
            .allowPrivateAddresses(allowPrivateAddresses);
    fronts.forEach(b::front);
    routers.forEach(b::router);
    bootstrapPeers.forEach(b::bootstrapPeer);
    return b.build();
  }

  /** The source of an existing bundle (e.g. to edit a network whose YAML was lost). */
  public static BundleSource of(NetworkBundle bundle) {
    Roster r = bundle.roster();
    return new BundleSource(
        r.networkId(),
        OptionalLong.of(r.version()),
        r.operator(),
        bundle.roundIntervalSeconds(),
        bundle.allowPrivateAddresses(),
        r.policy(),
        r.signers(),
        r.observers(),
        bundle.fronts(),
        bundle.routers(),
        bundle.bootstrapPeers());
  }
}
