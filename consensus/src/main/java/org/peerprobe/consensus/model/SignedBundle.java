package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * A network bundle with the operator's signature over {@link NetworkBundle#signingInput()}: the
 * file ({@code network.json}) the operator distributes to every node. The operator is the roster's
 * {@code operator} key.
 */
public record SignedBundle(NetworkBundle bundle, Ed25519Signature signature) {
  private static final Set<String> FIELDS = Set.of("bundle", "signature");

  public SignedBundle {
    if (bundle == null || signature == null) {
      throw new IllegalArgumentException("bundle and signature are required");
    }
  }

  /** Signs {@code bundle} with the operator key, which must be its roster's operator. */
  public static SignedBundle sign(NetworkBundle bundle, Ed25519KeyPair operatorKey) {
    if (!operatorKey.publicKey().equals(bundle.roster().operator())) {
      throw new IllegalArgumentException("a bundle is signed by its roster's operator key");
    }
    return new SignedBundle(bundle, Ed25519Signature.sign(operatorKey, bundle.signingInput()));
  }

  /**
   * Accepts this bundle when, in order: it names {@code trustedOperator} as its operator ({@code
   * NOT_THE_OPERATOR}); the signature verifies under that key ({@code BAD_SIGNATURE}); and, when a
   * bundle is already held, it is for the same network ({@code WRONG_NETWORK}) with a strictly
   * higher version ({@code STALE_VERSION}).
   */
  public Validated<NetworkBundle> verify(
      Ed25519PublicKey trustedOperator, Optional<NetworkBundle> current) {
    Ed25519PublicKey named = bundle.roster().operator();
    if (!named.equals(trustedOperator)) {
      return Validated.invalid(
          Rejection.NOT_THE_OPERATOR,
          "bundle names operator " + named.peerId() + ", trusted is " + trustedOperator.peerId());
    }
    if (!signature.verifies(trustedOperator, bundle.signingInput())) {
      return Validated.invalid(Rejection.BAD_SIGNATURE, "bundle signature does not verify");
    }
    if (current.isPresent()) {
      NetworkBundle held = current.get();
      if (!held.networkId().equals(bundle.networkId())) {
        return Validated.invalid(
            Rejection.WRONG_NETWORK,
            "bundle is for network " + bundle.networkId() + ", held is " + held.networkId());
      }
      if (bundle.version() <= held.version()) {
        return Validated.invalid(
            Rejection.STALE_VERSION,
            "bundle version " + bundle.version() + " is not newer than " + held.version());
      }
    }
    return Validated.valid(bundle);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("bundle", bundle.toJson());
    o.put("signature", signature.hex());
    return o;
  }

  /** The canonical encoding, as distributed. */
  public byte[] encode() {
    return CanonicalJson.encode(toJson());
  }

  /** Decodes untrusted bytes (at most {@link NetworkBundle#MAX_ENCODED_BYTES}); never throws. */
  public static Validated<SignedBundle> decode(byte[] bytes) {
    return Decoding.decode(
        bytes, NetworkBundle.MAX_ENCODED_BYTES, "signedBundle", SignedBundle::read);
  }

  public static SignedBundle read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    if (!f.has("bundle")) {
      throw new DecodeException(f.path("bundle") + ": missing");
    }
    return new SignedBundle(
        NetworkBundle.read(node.get("bundle"), f.path("bundle")), f.signature("signature"));
  }
}
