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
import org.peerprobe.consensus.crypto.Sha256;

/**
 * One switch of a router's target: an entry of the router's append-only, hash-chained log.
 *
 * @param networkId the network
 * @param router the router name, e.g. {@code web-router}
 * @param from the front id the router pointed at before the switch
 * @param to the front id it points at after the switch (the network bundle maps it to the hostname
 *     written as the CNAME target)
 * @param round the round whose evidence completed the switch condition
 * @param seq 1 for the first decision of the router, then +1 for each
 * @param prev the {@link #id()} of the previous decision, or {@link #GENESIS} for seq 1
 * @param certificates ids of the certificates that justify the switch, in evidence order
 * @param reason why the switch happened
 * @param command the operator's signed command that made the switch: present for reason {@link
 *     DecisionReason#PINNED}, and for {@link DecisionReason#MANUAL_FAILBACK} made from a command
 *     (absent in the first protocol version's manual failback); never for the automatic reasons. It
 *     is part of the decision, so anyone holding the roster can check the operator's signature
 */
public record Decision(
    String networkId,
    String router,
    String from,
    String to,
    long round,
    long seq,
    String prev,
    List<String> certificates,
    DecisionReason reason,
    Optional<SignedOperatorCommand> command) {

  /** The {@code prev} of the first decision: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  /** Most certificates one decision may cite. */
  public static final int MAX_CERTIFICATES = 64;

  static final Set<String> FIELDS =
      Set.of(
          "networkId",
          "router",
          "from",
          "to",
          "round",
          "seq",
          "prev",
          "certificates",
          "reason",
          "command");

  /** A decision the rules made without an operator command. */
  public Decision(
      String networkId,
      String router,
      String from,
      String to,
      long round,
      long seq,
      String prev,
      List<String> certificates,
      DecisionReason reason) {
    this(networkId, router, from, to, round, seq, prev, certificates, reason, Optional.empty());
  }

  public Decision {
    Ids.requireName(networkId, "networkId");
    Ids.requireName(router, "router");
    Ids.requireName(from, "from");
    Ids.requireName(to, "to");
    if (from.equals(to)) {
      throw new IllegalArgumentException("a decision changes the target");
    }
    if (round < 0
        || round > CanonicalJson.MAX_SAFE_INTEGER
        || seq < 1
        || seq > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("round must be 0..2^53-1 and seq 1..2^53-1");
    }
    if (prev == null || !prev.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("prev must be a hex SHA-256");
    }
    if (seq == 1 != prev.equals(GENESIS)) {
      throw new IllegalArgumentException("prev is GENESIS exactly for seq 1");
    }
    certificates = List.copyOf(certificates);
    if (certificates.size() > MAX_CERTIFICATES
        || new HashSet<>(certificates).size() != certificates.size()) {
      throw new IllegalArgumentException("at most " + MAX_CERTIFICATES + " distinct certificates");
    }
    if (reason == null || command == null) {
      throw new IllegalArgumentException("reason is required");
    }
    command.ifPresent(c -> checkCommand(c.command(), networkId, router, to, reason));
    if (reason == DecisionReason.PINNED && command.isEmpty()) {
      throw new IllegalArgumentException("a PINNED decision carries its command");
    }
  }

  private static void checkCommand(
      OperatorCommand c, String networkId, String router, String to, DecisionReason reason) {
    if (!c.networkId().equals(networkId) || !c.router().equals(router)) {
      throw new IllegalArgumentException("the command is for another router");
    }
    boolean matches =
        switch (c.action()) {
          case FAILBACK -> reason == DecisionReason.MANUAL_FAILBACK;
          case PIN -> reason == DecisionReason.PINNED && c.front().orElseThrow().equals(to);
          case UNPIN -> false;
        };
    if (!matches) {
      throw new IllegalArgumentException(
          "reason " + reason + " to " + to + " does not follow from the command " + c.describe());
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("networkId", networkId);
    o.put("router", router);
    o.put("from", from);
    o.put("to", to);
    o.put("round", round);
    o.put("seq", seq);
    o.put("prev", prev);
    ArrayNode arr = o.putArray("certificates");
    certificates.forEach(arr::add);
    o.put("reason", reason.name());
    command.ifPresent(c -> o.set("command", c.toJson()));
    return o;
  }

  /** {@code "peerprobe:decision:v1\n" ‖ canonical}: the bytes a signer signs. */
  public byte[] signingInput() {
    return Domain.DECISION.frame(CanonicalJson.encode(toJson()));
  }

  /**
   * SHA-256 of the signing input, hex: the link the next decision's {@code prev} holds. It does not
   * cover the signature, so two signers that reach the same decision produce the same chain.
   */
  public String id() {
    return Sha256.hex(signingInput());
  }

  static Decision read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    List<String> certs = f.array("certificates", 0, MAX_CERTIFICATES, Fields::hash);
    if (new HashSet<>(certs).size() != certs.size()) {
      throw new DecodeException(f.path("certificates") + ": duplicate certificate id");
    }
    Optional<SignedOperatorCommand> command =
        f.has("command")
            ? Optional.of(SignedOperatorCommand.read(node.get("command"), f.path("command")))
            : Optional.empty();
    return f.construct(
        () ->
            new Decision(
                f.text("networkId", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.text("router", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.text("from", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.text("to", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.integer("round", 0, CanonicalJson.MAX_SAFE_INTEGER),
                f.integer("seq", 1, CanonicalJson.MAX_SAFE_INTEGER),
                f.hash("prev"),
                certs,
                f.enumValue("reason", DecisionReason.class),
                command));
  }
}
