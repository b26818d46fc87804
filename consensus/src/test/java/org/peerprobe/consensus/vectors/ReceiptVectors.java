package org.peerprobe.consensus.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.SignedApplyReceipt;

/**
 * The signers' apply receipts of the {@link Scenario}'s first two decisions: the primary signer's
 * receipt for decision-1 while deSEC fails, its next one once deSEC has recovered, and the standby
 * signer's receipt for decision-2 from providers one of which a later decision already fenced.
 */
final class ReceiptVectors {
  /** The router record the signers write. */
  static final String NAME = "web-router.example.de.";

  private ReceiptVectors() {}

  static Map<String, SignedApplyReceipt> receipts(Scenario s) {
    Decision first = s.decisions.get(0).decision();
    Decision second = s.decisions.get(1).decision();
    long t1 = first.round() * 60_000 + 1_500;
    long t2 = second.round() * 60_000 + 2_500;
    Map<String, SignedApplyReceipt> out = new LinkedHashMap<>();
    out.put(
        "receipt-1-failing",
        sign(
            first,
            t1 + 900,
            VectorKeys.SIGNER,
            List.of(
                ProviderResult.applied("bind", t1 + 400),
                ProviderResult.failed(
                    "desec", "HTTP 503 from deSEC: service unavailable", t1 + 900))));
    out.put(
        "receipt-1-recovered",
        sign(
            first,
            t1 + 60_000,
            VectorKeys.SIGNER,
            List.of(
                ProviderResult.applied("bind", t1 + 59_000),
                ProviderResult.applied("desec", t1 + 60_000))));
    out.put(
        "receipt-2-standby",
        sign(
            second,
            t2,
            VectorKeys.STANDBY_SIGNER,
            List.of(
                ProviderResult.alreadyThere("bind", t2 - 300),
                ProviderResult.fenced("desec", second.seq() + 1, t2 - 200))));
    return out;
  }

  private static SignedApplyReceipt sign(
      Decision d, long issuedAtMs, String signer, List<ProviderResult> providers) {
    String target =
        Scenario.SECONDARY.equals(d.to()) ? "cdn2-front.example.de." : "cf-front.example.de.";
    ApplyReceipt r =
        new ApplyReceipt(
            d.networkId(), d.router(), d.seq(), d.id(), NAME, target, issuedAtMs, providers);
    return SignedApplyReceipt.sign(r, VectorKeys.key(signer));
  }

  /** The receipts as signed-message vectors; each names the decision it is for. */
  static ArrayNode vectors(Scenario s) {
    ArrayNode out = org.peerprobe.consensus.canonical.CanonicalJson.NODES.arrayNode();
    for (Map.Entry<String, SignedApplyReceipt> e : receipts(s).entrySet()) {
      SignedApplyReceipt r = e.getValue();
      out.add(
          MessageVectors.signed(
                  e.getKey(),
                  "receipt",
                  org.peerprobe.consensus.canonical.Domain.RECEIPT,
                  VectorKeys.nameOf(r.signer().hex()),
                  r.receipt().toJson(),
                  r.signature(),
                  "id",
                  r.toJson())
              .put("decisionName", "decision-" + r.receipt().seq()));
    }
    return out;
  }
}
