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
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * An apply receipt with a signer's signature over {@link ApplyReceipt#signingInput()}. It counts
 * only when {@code signer} is one of the roster's signers ({@link #verify}).
 */
public record SignedApplyReceipt(
    ApplyReceipt receipt, Ed25519PublicKey signer, Ed25519Signature signature) {

  /**
   * Largest encoded signed receipt accepted, in bytes: a receipt of {@link
   * ApplyReceipt#MAX_PROVIDERS} providers with the longest ids, names and details encodes to about
   * 7000.
   */
  public static final int MAX_ENCODED_BYTES = 8192;

  private static final Set<String> FIELDS = Set.of("receipt", "signer", "signature");

  public SignedApplyReceipt {
    if (receipt == null || signer == null || signature == null) {
      throw new IllegalArgumentException("receipt, signer and signature are required");
    }
  }

  public static SignedApplyReceipt sign(ApplyReceipt receipt, Ed25519KeyPair signerKey) {
    return new SignedApplyReceipt(
        receipt, signerKey.publicKey(), Ed25519Signature.sign(signerKey, receipt.signingInput()));
  }

  public boolean signatureValid() {
    return signature.verifies(signer, receipt.signingInput());
  }

  /**
   * Accepts the receipt when, in order: it is for the roster's network ({@code WRONG_NETWORK}); it
   * is signed by one of the roster's signers ({@code NOT_A_SIGNER}); the signature verifies ({@code
   * BAD_SIGNATURE}). Whether it names a decision the checker holds is the checker's business.
   */
  public Validated<SignedApplyReceipt> verify(Roster roster) {
    if (!receipt.networkId().equals(roster.networkId())) {
      return Validated.invalid(
          Rejection.WRONG_NETWORK, "receipt is for network " + receipt.networkId());
    }
    if (!roster.isSigner(signer)) {
      return Validated.invalid(
          Rejection.NOT_A_SIGNER, "receipt signed by non-signer " + signer.peerId());
    }
    if (!signatureValid()) {
      return Validated.invalid(Rejection.BAD_SIGNATURE, "receipt signature does not verify");
    }
    return Validated.valid(this);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("receipt", receipt.toJson());
    o.put("signer", signer.hex());
    o.put("signature", signature.hex());
    return o;
  }

  public byte[] encode() {
    return CanonicalJson.encode(toJson());
  }

  /** Decodes untrusted bytes (at most {@link #MAX_ENCODED_BYTES}); never throws. */
  public static Validated<SignedApplyReceipt> decode(byte[] bytes) {
    return Decoding.decode(bytes, MAX_ENCODED_BYTES, "signedReceipt", SignedApplyReceipt::read);
  }

  static SignedApplyReceipt read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    return new SignedApplyReceipt(
        ApplyReceipt.read(node.get("receipt"), f.path("receipt")),
        f.publicKey("signer"),
        f.signature("signature"));
  }
}
