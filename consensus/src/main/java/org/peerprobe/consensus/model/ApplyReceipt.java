package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Sha256;

/**
 * What a signer's DNS providers did with one decision: the outcome per provider, signed by the
 * signer ({@link SignedApplyReceipt}). A decision is signed and stored before any provider is
 * written (so that the fence can name it); the receipt is the signed account of what followed, and
 * a signer issues a new one whenever the outcomes change (a failed provider recovers, a newer
 * decision fences one). The latest receipt per (decision, signer), by {@code issuedAtMs}, is the
 * one that counts.
 *
 * @param networkId the network
 * @param router the router's name
 * @param seq the decision's seq
 * @param decision the decision's id ({@link Decision#id()})
 * @param name the router record written, absolute (e.g. {@code www.example.com.})
 * @param target the CNAME target written, absolute: the decision's front's hostname
 * @param issuedAtMs epoch milliseconds at the signer when it signed this receipt
 * @param providers one line per provider, sorted by provider id, distinct, 1..{@value
 *     #MAX_PROVIDERS}; each checked no later than {@code issuedAtMs}
 */
public record ApplyReceipt(
    String networkId,
    String router,
    long seq,
    String decision,
    String name,
    String target,
    long issuedAtMs,
    List<ProviderResult> providers) {

  /** Most providers one receipt may list. */
  public static final int MAX_PROVIDERS = 16;

  static final Set<String> FIELDS =
      Set.of("networkId", "router", "seq", "decision", "name", "target", "issuedAtMs", "providers");

  public ApplyReceipt {
    Ids.requireName(networkId, "networkId");
    Ids.requireName(router, "router");
    if (seq < 1 || seq > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("seq must be 1..2^53-1");
    }
    if (decision == null || !decision.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("decision must be a hex SHA-256");
    }
    Ids.require(name, Ids.DNS_NAME, "name", Ids.DNS_NAME_DESCRIPTION);
    Ids.require(target, Ids.DNS_NAME, "target", Ids.DNS_NAME_DESCRIPTION);
    if (issuedAtMs < 0 || issuedAtMs > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("issuedAtMs must be 0..2^53-1");
    }
    providers = List.copyOf(providers);
    if (providers.isEmpty() || providers.size() > MAX_PROVIDERS) {
      throw new IllegalArgumentException("1.." + MAX_PROVIDERS + " providers");
    }
    for (int i = 0; i < providers.size(); i++) {
      ProviderResult p = providers.get(i);
      if (i > 0 && providers.get(i - 1).provider().compareTo(p.provider()) >= 0) {
        throw new IllegalArgumentException("providers must be sorted by id and distinct");
      }
      if (p.heldSeq().isPresent() && p.heldSeq().getAsLong() <= seq) {
        throw new IllegalArgumentException(
            "provider "
                + p.provider()
                + " is FENCED by seq "
                + p.heldSeq().getAsLong()
                + ", not above "
                + seq);
      }
      if (p.checkedAtMs() > issuedAtMs) {
        throw new IllegalArgumentException(
            "provider " + p.provider() + " was checked after the receipt was issued");
      }
    }
  }

  /** True when every provider holds this decision's target (written now or already there). */
  public boolean converged() {
    return providers.stream()
        .allMatch(
            p -> p.outcome() == ApplyOutcome.APPLIED || p.outcome() == ApplyOutcome.ALREADY_THERE);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("networkId", networkId);
    o.put("router", router);
    o.put("seq", seq);
    o.put("decision", decision);
    o.put("name", name);
    o.put("target", target);
    o.put("issuedAtMs", issuedAtMs);
    ArrayNode arr = o.putArray("providers");
    providers.forEach(p -> arr.add(p.toJson()));
    return o;
  }

  /** {@code "peerprobe:receipt:v1\n" ‖ canonical}: the bytes a signer signs. */
  public byte[] signingInput() {
    return Domain.RECEIPT.frame(CanonicalJson.encode(toJson()));
  }

  /** Hex SHA-256 of the signing input: names the receipt (it does not cover the signature). */
  public String id() {
    return Sha256.hex(signingInput());
  }

  static ApplyReceipt read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    List<ProviderResult> providers = f.array("providers", 1, MAX_PROVIDERS, ProviderResult::read);
    for (int i = 1; i < providers.size(); i++) {
      if (providers.get(i - 1).provider().compareTo(providers.get(i).provider()) >= 0) {
        throw new DecodeException(
            f.path("providers") + "[" + i + "]: providers must be sorted by id and distinct");
      }
    }
    return f.construct(
        () ->
            new ApplyReceipt(
                f.text("networkId", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.text("router", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.integer("seq", 1, CanonicalJson.MAX_SAFE_INTEGER),
                f.hash("decision"),
                f.text("name", 254, Ids.DNS_NAME, Ids.DNS_NAME_DESCRIPTION),
                f.text("target", 254, Ids.DNS_NAME, Ids.DNS_NAME_DESCRIPTION),
                f.integer("issuedAtMs", 0, CanonicalJson.MAX_SAFE_INTEGER),
                providers));
  }
}
