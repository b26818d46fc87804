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
 * An operator command with the signature of {@code signer} over {@link
 * OperatorCommand#signingInput()}. It counts only when {@code signer} is the roster's operator
 * ({@link #verify}).
 */
public record SignedOperatorCommand(
    OperatorCommand command, Ed25519PublicKey signer, Ed25519Signature signature) {

  /** Largest encoded signed command accepted, in bytes (a canonical one has about 450). */
  public static final int MAX_ENCODED_BYTES = 2048;

  private static final Set<String> FIELDS = Set.of("command", "signer", "signature");

  public SignedOperatorCommand {
    if (command == null || signer == null || signature == null) {
      throw new IllegalArgumentException("command, signer and signature are required");
    }
  }

  public static SignedOperatorCommand sign(OperatorCommand command, Ed25519KeyPair key) {
    return new SignedOperatorCommand(
        command, key.publicKey(), Ed25519Signature.sign(key, command.signingInput()));
  }

  /**
   * Accepts the command when, in order: it is for the roster's network ({@code WRONG_NETWORK}); it
   * is signed by the roster's operator key ({@code NOT_THE_OPERATOR}); the signature verifies
   * ({@code BAD_SIGNATURE}). Whether a router takes it (replay, evidence, pin) is the failover
   * machine's business.
   */
  public Validated<VerifiedCommand> verify(Roster roster) {
    if (!command.networkId().equals(roster.networkId())) {
      return Validated.invalid(
          Rejection.WRONG_NETWORK, "command is for network " + command.networkId());
    }
    if (!signer.equals(roster.operator())) {
      return Validated.invalid(
          Rejection.NOT_THE_OPERATOR,
          "command signed by "
              + signer.peerId()
              + ", the operator is "
              + roster.operator().peerId());
    }
    if (!signature.verifies(signer, command.signingInput())) {
      return Validated.invalid(Rejection.BAD_SIGNATURE, "command signature does not verify");
    }
    return Validated.valid(new VerifiedCommand(this));
  }

  /** {@link OperatorCommand#id()}. */
  public String id() {
    return command.id();
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("command", command.toJson());
    o.put("signer", signer.hex());
    o.put("signature", signature.hex());
    return o;
  }

  public byte[] encode() {
    return CanonicalJson.encode(toJson());
  }

  /** Decodes untrusted bytes (at most {@link #MAX_ENCODED_BYTES}); never throws. */
  public static Validated<SignedOperatorCommand> decode(byte[] bytes) {
    return Decoding.decode(bytes, MAX_ENCODED_BYTES, "signedCommand", SignedOperatorCommand::read);
  }

  static SignedOperatorCommand read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    return new SignedOperatorCommand(
        OperatorCommand.read(node.get("command"), f.path("command")),
        f.publicKey("signer"),
        f.signature("signature"));
  }
}
