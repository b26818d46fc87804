package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;

/**
 * One observer's observations of every front in one round: the unit that is signed, gossiped and
 * counted. One signature per observer per round keeps verification linear in observers.
 *
 * @param networkId the peerprobe network this report belongs to
 * @param round floor(unix time / interval) at the observer
 * @param observer the observer's public key (also its libp2p identity)
 * @param network the observer's declared network, e.g. {@code AS3320}
 * @param observations one per front, sorted by front id, fronts unique
 */
public record RoundReport(
    String networkId,
    long round,
    Ed25519PublicKey observer,
    String network,
    List<Observation> observations) {

  /** Most fronts one report may cover. */
  public static final int MAX_OBSERVATIONS = 64;

  static final Set<String> FIELDS =
      Set.of("networkId", "round", "observer", "network", "observations");

  public RoundReport {
    Ids.requireName(networkId, "networkId");
    if (round < 0 || round > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("round out of range: " + round);
    }
    if (observer == null) {
      throw new IllegalArgumentException("observer is required");
    }
    Ids.require(network, Ids.NETWORK_LABEL, "network", Ids.NETWORK_LABEL_DESCRIPTION);
    observations = List.copyOf(observations);
    if (observations.isEmpty() || observations.size() > MAX_OBSERVATIONS) {
      throw new IllegalArgumentException("a report covers 1.." + MAX_OBSERVATIONS + " fronts");
    }
    for (int i = 1; i < observations.size(); i++) {
      if (observations.get(i - 1).front().compareTo(observations.get(i).front()) >= 0) {
        throw new IllegalArgumentException("observations must be sorted by front, fronts unique");
      }
    }
  }

  /** Builds a report, sorting the observations by front. */
  public static RoundReport of(
      String networkId,
      long round,
      Ed25519PublicKey observer,
      String network,
      List<Observation> observations) {
    List<Observation> sorted =
        observations.stream().sorted(java.util.Comparator.comparing(Observation::front)).toList();
    return new RoundReport(networkId, round, observer, network, sorted);
  }

  /** The observation of {@code front}, if this report covers it. */
  public Optional<Observation> observationOf(String front) {
    int lo = 0;
    int hi = observations.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = observations.get(mid).front().compareTo(front);
      if (c == 0) {
        return Optional.of(observations.get(mid));
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return Optional.empty();
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("networkId", networkId);
    o.put("round", round);
    o.put("observer", observer.hex());
    o.put("network", network);
    ArrayNode arr = o.putArray("observations");
    observations.forEach(ob -> arr.add(ob.toJson()));
    return o;
  }

  /** The canonical bytes of this report. */
  public byte[] canonical() {
    return CanonicalJson.encode(toJson());
  }

  /** {@code "peerprobe:report:v1\n" ‖ canonical}: the bytes the observer signs. */
  public byte[] signingInput() {
    return Domain.REPORT.frame(canonical());
  }

  static RoundReport read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    List<Observation> obs = f.array("observations", 1, MAX_OBSERVATIONS, Observation::read);
    Set<String> fronts = new HashSet<>();
    for (int i = 0; i < obs.size(); i++) {
      if (!fronts.add(obs.get(i).front())) {
        throw new DecodeException(f.path("observations") + "[" + i + "]: duplicate front");
      }
      if (i > 0 && obs.get(i - 1).front().compareTo(obs.get(i).front()) > 0) {
        throw new DecodeException(f.path("observations") + ": must be sorted by front");
      }
    }
    return new RoundReport(
        f.text("networkId", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
        f.integer("round", 0, CanonicalJson.MAX_SAFE_INTEGER),
        f.publicKey("observer"),
        f.text("network", 64, Ids.NETWORK_LABEL, Ids.NETWORK_LABEL_DESCRIPTION),
        obs);
  }
}
