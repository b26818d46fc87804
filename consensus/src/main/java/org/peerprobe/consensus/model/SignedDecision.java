package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.validation.Validated;

/** A decision with a signer's signature over {@link Decision#signingInput()}. */
public record SignedDecision(
    Decision decision, Ed25519PublicKey signer, Ed25519Signature signature) {

  /** Largest encoded signed decision accepted, in bytes. */
  public static final int MAX_ENCODED_BYTES = 16 * 1024;

  private static final Set<String> FIELDS = Set.of("decision", "signer", "signature");

  public SignedDecision {
    if (decision == null || signer == null || signature == null) {
      throw new IllegalArgumentException("decision, signer and signature are required");
    }
  }

  public static SignedDecision sign(Decision decision, Ed25519KeyPair signerKey) {
    return new SignedDecision(
        decision, signerKey.publicKey(), Ed25519Signature.sign(signerKey, decision.signingInput()));
  }

  public boolean signatureValid() {
    return signature.verifies(signer, decision.signingInput());
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("decision", decision.toJson());
    o.put("signer", signer.hex());
    o.put("signature", signature.hex());
    return o;
  }

  public byte[] encode() {
    return CanonicalJson.encode(toJson());
  }

  public static Validated<SignedDecision> decode(byte[] bytes) {
    return Decoding.decode(bytes, MAX_ENCODED_BYTES, "signedDecision", SignedDecision::read);
  }

  public static SignedDecision read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    return new SignedDecision(
        Decision.read(node.get("decision"), f.path("decision")),
        f.publicKey("signer"),
        f.signature("signature"));
  }
}
