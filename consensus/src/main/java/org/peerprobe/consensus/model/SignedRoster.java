package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** A roster with the operator's signature over {@link Roster#signingInput()}. */
public record SignedRoster(Roster roster, Ed25519Signature signature) {
  private static final Set<String> FIELDS = Set.of("roster", "signature");

  public SignedRoster {
    if (roster == null || signature == null) {
      throw new IllegalArgumentException("roster and signature are required");
    }
  }

  /** Signs {@code roster} with the operator key, which must be the roster's operator. */
  public static SignedRoster sign(Roster roster, Ed25519KeyPair operatorKey) {
    if (!operatorKey.publicKey().equals(roster.operator())) {
      throw new IllegalArgumentException("a roster is signed by its own operator key");
    }
    return new SignedRoster(roster, Ed25519Signature.sign(operatorKey, roster.signingInput()));
  }

  /**
   * Accepts this roster when it names and is signed by {@code trustedOperator} and is newer than
   * {@code current} (when one is held).
   */
  public Validated<Roster> verify(Ed25519PublicKey trustedOperator, Optional<Roster> current) {
    if (!roster.operator().equals(trustedOperator)) {
      return Validated.invalid(
          Rejection.NOT_THE_OPERATOR, "roster names operator " + roster.operator().hex());
    }
    if (!signature.verifies(trustedOperator, roster.signingInput())) {
      return Validated.invalid(Rejection.BAD_SIGNATURE, "roster signature does not verify");
    }
    if (current.isPresent()) {
      Roster held = current.get();
      if (!held.networkId().equals(roster.networkId())) {
        return Validated.invalid(Rejection.WRONG_NETWORK, "roster is for " + roster.networkId());
      }
      if (roster.version() <= held.version()) {
        return Validated.invalid(
            Rejection.STALE_VERSION,
            "roster version " + roster.version() + " is not newer than " + held.version());
      }
    }
    return Validated.valid(roster);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("roster", roster.toJson());
    o.put("signature", signature.hex());
    return o;
  }

  public byte[] encode() {
    return CanonicalJson.encode(toJson());
  }

  public static Validated<SignedRoster> decode(byte[] bytes) {
    return Decoding.decode(bytes, Roster.MAX_ENCODED_BYTES, "signedRoster", SignedRoster::read);
  }

  public static SignedRoster read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    return new SignedRoster(
        Roster.read(node.get("roster"), f.path("roster")), f.signature("signature"));
  }
}
