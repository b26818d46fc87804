package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Sha256;

/**
 * The operator's manual control of one router, signed with the roster's operator key ({@link
 * SignedOperatorCommand}).
 *
 * <p>Replay protection: {@code issuedAtMs} is the command's sequence number. A router takes a
 * command only when it was issued strictly after the last command it took (whatever that one's
 * outcome), so each command acts at most once and an older command never undoes a newer one. Nodes
 * also refuse commands too far from their own clock (see the node's command intake).
 *
 * @param networkId the network
 * @param router the router's name
 * @param action what to do
 * @param front the front to pin to: present exactly for {@link CommandAction#PIN}
 * @param issuedAtMs epoch milliseconds at the operator when the command was made
 */
public record OperatorCommand(
    String networkId,
    String router,
    CommandAction action,
    Optional<String> front,
    long issuedAtMs) {

  static final Set<String> FIELDS = Set.of("networkId", "router", "action", "front", "issuedAtMs");

  public OperatorCommand {
    Ids.requireName(networkId, "networkId");
    Ids.requireName(router, "router");
    if (action == null || front == null) {
      throw new IllegalArgumentException("action is required");
    }
    front.ifPresent(f -> Ids.requireName(f, "front"));
    if (front.isPresent() != (action == CommandAction.PIN)) {
      throw new IllegalArgumentException("front is given exactly for PIN");
    }
    if (issuedAtMs < 0 || issuedAtMs > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("issuedAtMs must be 0..2^53-1");
    }
  }

  public static OperatorCommand failback(String networkId, String router, long issuedAtMs) {
    return new OperatorCommand(
        networkId, router, CommandAction.FAILBACK, Optional.empty(), issuedAtMs);
  }

  public static OperatorCommand pin(String networkId, String router, String front, long atMs) {
    return new OperatorCommand(networkId, router, CommandAction.PIN, Optional.of(front), atMs);
  }

  public static OperatorCommand unpin(String networkId, String router, long issuedAtMs) {
    return new OperatorCommand(
        networkId, router, CommandAction.UNPIN, Optional.empty(), issuedAtMs);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("networkId", networkId);
    o.put("router", router);
    o.put("action", action.name());
    front.ifPresent(f -> o.put("front", f));
    o.put("issuedAtMs", issuedAtMs);
    return o;
  }

  /** {@code "peerprobe:command:v1\n" ‖ canonical}: the bytes the operator signs. */
  public byte[] signingInput() {
    return Domain.COMMAND.frame(CanonicalJson.encode(toJson()));
  }

  /** Hex SHA-256 of the signing input: names the command in logs and replies. */
  public String id() {
    return Sha256.hex(signingInput());
  }

  /** "PIN web-router to cdn2-front", for humans. */
  public String describe() {
    return action + " " + router + front.map(f -> " to " + f).orElse("");
  }

  static OperatorCommand read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    Optional<String> front =
        f.has("front")
            ? Optional.of(f.text("front", 63, Ids.NAME, Ids.NAME_DESCRIPTION))
            : Optional.empty();
    return f.construct(
        () ->
            new OperatorCommand(
                f.text("networkId", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.text("router", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.enumValue("action", CommandAction.class),
                front,
                f.integer("issuedAtMs", 0, CanonicalJson.MAX_SAFE_INTEGER)));
  }
}
