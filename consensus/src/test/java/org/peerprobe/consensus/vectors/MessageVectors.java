package org.peerprobe.consensus.vectors;

import static org.peerprobe.consensus.vectors.VectorKeys.HEX;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.Support;
import org.peerprobe.consensus.quorum.VerifiedCertificate;

/** The signed messages of the {@link Scenario}, each with every intermediate byte string. */
final class MessageVectors {
  private MessageVectors() {}

  static ObjectNode domains() {
    ObjectNode out = CanonicalJson.object();
    for (Domain d : Domain.values()) {
      ObjectNode o = out.putObject(d.name().toLowerCase(java.util.Locale.ROOT));
      o.put("prefix", d.prefix());
      o.put("prefixHex", HEX.formatHex(d.prefix().getBytes(StandardCharsets.US_ASCII)));
    }
    return out;
  }

  /**
   * One signed message: the payload, its canonical bytes, the framed signing input, the signature
   * of {@code signer} over it and SHA-256 of the signing input.
   */
  static ObjectNode signed(
      String name,
      String kind,
      Domain domain,
      String signer,
      ObjectNode payload,
      Ed25519Signature signature,
      String hashName,
      ObjectNode envelope) {
    byte[] canonical = CanonicalJson.encode(payload);
    byte[] input = domain.frame(canonical);
    ObjectNode o = CanonicalJson.object();
    o.put("name", name);
    o.put("kind", kind);
    o.put("signer", signer);
    o.put("domain", domain.prefix());
    o.set("payload", payload);
    o.put("canonical", new String(canonical, StandardCharsets.UTF_8));
    o.put("canonicalHex", HEX.formatHex(canonical));
    o.put("signingInputHex", HEX.formatHex(input));
    o.put("signature", signature.hex());
    o.put(hashName, Sha256.hex(input));
    o.put("encoded", CanonicalJson.encodeToString(envelope));
    return o;
  }

  static ArrayNode reports(Scenario s) {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    for (Map.Entry<String, SignedReport> e : s.reports.entrySet()) {
      SignedReport r = e.getValue();
      String signer = VectorKeys.nameOf(r.report().observer().hex());
      out.add(
          signed(
              e.getKey(),
              "report",
              Domain.REPORT,
              signer,
              r.report().toJson(),
              r.signature(),
              "contentId",
              r.toJson()));
    }
    return out;
  }

  static ObjectNode roster(Scenario s) {
    return signed(
        "roster",
        "roster",
        Domain.ROSTER,
        VectorKeys.OPERATOR,
        s.roster.toJson(),
        s.signedRoster.signature(),
        "signingInputSha256",
        s.signedRoster.toJson());
  }

  static ObjectNode bundle(Scenario s) {
    return signed(
        "bundle",
        "bundle",
        Domain.BUNDLE,
        VectorKeys.OPERATOR,
        s.signedBundle.bundle().toJson(),
        s.signedBundle.signature(),
        "signingInputSha256",
        s.signedBundle.toJson());
  }

  static ArrayNode decisions(Scenario s) {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    int n = 1;
    for (SignedDecision d : s.decisions) {
      out.add(
          signed(
              "decision-" + n++,
              "decision",
              Domain.DECISION,
              VectorKeys.nameOf(d.signer().hex()),
              d.decision().toJson(),
              d.signature(),
              "id",
              d.toJson()));
    }
    return out;
  }

  /** The operator's signed commands; each names the round it is effective in. */
  static ArrayNode commands(Scenario s) {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    for (Map.Entry<String, SignedOperatorCommand> e : s.commands.entrySet()) {
      SignedOperatorCommand c = e.getValue();
      ObjectNode o =
          signed(
              e.getKey(),
              "command",
              Domain.COMMAND,
              VectorKeys.nameOf(c.signer().hex()),
              c.command().toJson(),
              c.signature(),
              "id",
              c.toJson());
      o.put("round", Scenario.roundOf(c));
      out.add(o);
    }
    return out;
  }

  static ArrayNode certificates(Scenario s) {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    boolean first = true;
    for (Map.Entry<String, VerifiedCertificate> e : s.certificates.entrySet()) {
      VerifiedCertificate v = e.getValue();
      byte[] canonical = v.certificate().encode();
      ObjectNode o = out.addObject();
      o.put("name", e.getKey());
      o.put("domain", Domain.CERTIFICATE.prefix());
      o.set("payload", v.certificate().toJson());
      if (first) {
        // The others follow the same rule; their bytes are left out to keep the file readable.
        o.put("canonicalHex", HEX.formatHex(canonical));
        first = false;
      }
      o.put("id", v.id());
      o.put("verifiesAgainst", "roster");
      o.set("support", support(v.support()));
    }
    return out;
  }

  static ObjectNode support(Support s) {
    ObjectNode o = CanonicalJson.object();
    o.put("rawWeight", s.rawWeight());
    ObjectNode by = o.putObject("weightByNetwork");
    s.weightByNetwork().forEach(by::put);
    o.putObject("counted").put("num", s.counted().num()).put("den", s.counted().den());
    o.put("reached", s.reached());
    return o;
  }

  /** The failover machine's inputs, in order, and the decisions they produced. */
  static ObjectNode failover(Scenario s) {
    ObjectNode o = CanonicalJson.object();
    RouterPolicy p = Scenario.ROUTER;
    ObjectNode router = o.putObject("router");
    router.put("name", p.name());
    router.put("primary", p.primary());
    router.put("secondary", p.secondary());
    router.put("downRounds", p.downRounds());
    router.put("upRounds", p.upRounds());
    router.put("failback", p.failback().name());
    router.put("cooldownRounds", p.cooldownRounds());
    o.put("networkId", Scenario.NETWORK_ID);
    o.put("initialActive", p.primary());
    ArrayNode inputs = o.putArray("inputs");
    for (String name : s.inputs) {
      if (name.equals(Scenario.MANUAL_FAILBACK_R11)) {
        inputs.addObject().put("manualFailbackRound", Scenario.R11);
      } else if (s.commands.containsKey(name)) {
        inputs
            .addObject()
            .put("command", name)
            .put("round", Scenario.roundOf(s.commands.get(name)));
      } else {
        inputs.addObject().put("certificate", name);
      }
    }
    ArrayNode decisions = o.putArray("decisions");
    int n = 1;
    for (SignedDecision d : s.decisions) {
      Decision x = d.decision();
      decisions
          .addObject()
          .put("name", "decision-" + n++)
          .put("reason", x.reason().name())
          .put("round", x.round());
    }
    return o;
  }
}
