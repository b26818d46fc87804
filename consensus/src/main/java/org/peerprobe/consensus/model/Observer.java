package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;

/**
 * A roster member.
 *
 * @param key the observer's Ed25519 public key
 * @param network the network (ASN label) the operator admitted it for, e.g. {@code AS3320}
 * @param label the operator's name for it (who runs it), for humans only
 * @param weight its vote weight, 1..{@value #MAX_WEIGHT}
 */
public record Observer(Ed25519PublicKey key, String network, String label, int weight) {
  /** Largest weight of one observer. */
  public static final int MAX_WEIGHT = 1000;

  private static final Set<String> FIELDS = Set.of("key", "network", "label", "weight");

  public Observer {
    if (key == null) {
      throw new IllegalArgumentException("key is required");
    }
    Ids.require(network, Ids.NETWORK_LABEL, "network", Ids.NETWORK_LABEL_DESCRIPTION);
    if (label == null || label.isEmpty() || label.length() > Ids.MAX_LABEL_CHARS) {
      throw new IllegalArgumentException("label must have 1.." + Ids.MAX_LABEL_CHARS + " chars");
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight must be 1.." + MAX_WEIGHT + ": " + weight);
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("key", key.hex());
    o.put("network", network);
    o.put("label", label);
    o.put("weight", weight);
    return o;
  }

  static Observer read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    return new Observer(
        f.publicKey("key"),
        f.text("network", 64, Ids.NETWORK_LABEL, Ids.NETWORK_LABEL_DESCRIPTION),
        f.text("label", Ids.MAX_LABEL_CHARS),
        (int) f.integer("weight", 1, MAX_WEIGHT));
  }
}
