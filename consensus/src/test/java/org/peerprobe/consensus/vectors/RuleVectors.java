package org.peerprobe.consensus.vectors;

import static org.peerprobe.consensus.vectors.VectorKeys.HEX;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.PeerIds;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.Support;

/** The quorum arithmetic, key and signature acceptance, and the named limits. */
final class RuleVectors {
  /** The group order L of Ed25519. */
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private RuleVectors() {}

  /**
   * Support for one status: agreeing weight per network, the policy, and the result. Each row is
   * {maxShare num, den, total roster weight, network weights...}.
   */
  static ArrayNode support() {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    long[][] rows = {
      {1, 2, 4, 4}, // one network counts for nothing when the share is below 1
      {1, 1, 4, 4}, // ... and for all of itself when it is 1 (but minNetworks still applies)
      {1, 2, 9, 5, 3}, // capped at the lighter one: 3 + 3
      {1, 2, 9, 3, 3}, // two equal networks count fully
      {1, 3, 4, 2, 1, 1}, // C = 3: the heaviest capped at 1
      {2, 5, 8, 4, 1, 1}, // C = 10/3, not an integer
      {1, 2, 13, 7, 5, 1}, // C = 12: capped heaviest, the rest uncapped
      {1, 3, 4, 3, 1}, // two networks cannot satisfy a 1/3 cap: C = 0
      {1, 4, 4, 1, 1, 1, 1}, // four equal networks under a 1/4 cap count fully
      {1, 2, 6, 2, 2, 0} // a network with no agreeing weight is not a network
    };
    Ratio threshold = QuorumPolicy.DEFAULT_THRESHOLD;
    for (long[] row : rows) {
      Ratio share = new Ratio(row[0], row[1]);
      long total = row[2];
      Map<String, Long> byNetwork = new LinkedHashMap<>();
      for (int i = 3; i < row.length; i++) {
        byNetwork.put("AS" + (64500 + i - 3), row[i]);
      }
      QuorumPolicy policy = new QuorumPolicy(threshold, QuorumPolicy.DEFAULT_MIN_NETWORKS, share);
      Support s = Support.evaluate(policy, total, byNetwork);
      ObjectNode o = out.addObject();
      o.set("policy", policy.toJson());
      o.put("totalRosterWeight", total);
      ObjectNode in = o.putObject("agreeingWeightByNetwork");
      byNetwork.forEach(in::put);
      o.putObject("counted").put("num", s.counted().num()).put("den", s.counted().den());
      o.put("networks", s.networks());
      o.put("reached", s.reached());
    }
    return out;
  }

  /** Public keys a decoder must refuse although they are 32 bytes of hex. */
  static ArrayNode rejectedPublicKeys() {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    String a = VectorKeys.key(VectorKeys.OBSERVER_A).publicKey().hex();
    key(out, "01" + "00".repeat(31), "the identity point (small order)");
    key(out, "ec" + "ff".repeat(30) + "7f", "the point (0, -1) of order 2");
    key(out, "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", "order 8");
    key(out, "ed" + "ff".repeat(30) + "7f", "y = p: not a canonical field element");
    key(out, "02" + "00".repeat(31), "y = 2 is not the y of a curve point");
    key(
        out,
        "b502ff3d92e31d8190b4aa4ea0414005167fad089c4de9dac8a2fc850fed4f58",
        "observer-a's key plus a point of order 8: on the curve, not in the prime-order subgroup");
    out.addObject()
        .put("publicKey", a.toUpperCase(java.util.Locale.ROOT))
        .put("reason", "uppercase hex (the key itself is valid)");
    return out;
  }

  private static void key(ArrayNode out, String hex, String reason) {
    if (Ed25519PublicKey.parseHex(hex).isPresent()) {
      throw new IllegalStateException("key vector is accepted: " + hex);
    }
    out.addObject().put("publicKey", hex).put("reason", reason);
  }

  /** Signatures that must not verify, each against a message and key that are otherwise fine. */
  static ArrayNode rejectedSignatures(Scenario s) {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    SignedReport r = s.reports.get("report-a");
    Ed25519PublicKey key = r.report().observer();
    byte[] input = r.report().signingInput();
    byte[] sig = r.signature().bytes();
    sig(out, "s-plus-l", key, input, withS(sig, sScalar(sig).add(L)), "S >= L is refused");
    byte[] flipped = sig.clone();
    flipped[0] ^= 1;
    sig(out, "r-bit-flipped", key, input, flipped, "a changed R");
    byte[] asRoster = Domain.ROSTER.frame(r.report().canonical());
    sig(
        out,
        "wrong-domain",
        key,
        input,
        VectorKeys.key(VectorKeys.OBSERVER_A).sign(asRoster),
        "observer-a's signature over the same canonical bytes framed as a roster");
    Ed25519PublicKey b = VectorKeys.key(VectorKeys.OBSERVER_B).publicKey();
    sig(out, "wrong-key", b, input, sig, "observer-a's signature under observer-b's key");
    byte[] changed = input.clone();
    changed[changed.length - 2] ^= 1;
    sig(out, "changed-message", key, changed, sig, "one bit of the signing input changed");
    return out;
  }

  private static BigInteger sScalar(byte[] sig) {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = sig[63 - i];
    }
    return new BigInteger(1, be);
  }

  private static byte[] withS(byte[] sig, BigInteger s) {
    byte[] out = Arrays.copyOf(sig, 64);
    byte[] be = s.toByteArray();
    Arrays.fill(out, 32, 64, (byte) 0);
    for (int i = 0; i < Math.min(32, be.length); i++) {
      out[32 + i] = be[be.length - 1 - i];
    }
    return out;
  }

  private static void sig(
      ArrayNode out, String name, Ed25519PublicKey key, byte[] msg, byte[] sig, String reason) {
    if (key.verify(msg, sig)) {
      throw new IllegalStateException("signature vector verifies: " + name);
    }
    out.addObject()
        .put("name", name)
        .put("publicKey", key.hex())
        .put("messageHex", HEX.formatHex(msg))
        .put("signature", HEX.formatHex(sig))
        .put("reason", reason);
  }

  /** Every named limit, so that changing one is a visible protocol change. */
  static ObjectNode limits() {
    ObjectNode o = CanonicalJson.object();
    o.put("CanonicalJson.MAX_SAFE_INTEGER", CanonicalJson.MAX_SAFE_INTEGER);
    o.put("CanonicalJson.MAX_DEPTH", CanonicalJson.MAX_DEPTH);
    o.put("CanonicalJson.MAX_STRING_CHARS", CanonicalJson.MAX_STRING_CHARS);
    o.put("CanonicalJson.MAX_NUMBER_CHARS", CanonicalJson.MAX_NUMBER_CHARS);
    o.put("SignedReport.MAX_ENCODED_BYTES", SignedReport.MAX_ENCODED_BYTES);
    o.put("SignedDecision.MAX_ENCODED_BYTES", SignedDecision.MAX_ENCODED_BYTES);
    o.put("Roster.MAX_ENCODED_BYTES", Roster.MAX_ENCODED_BYTES);
    o.put("QuorumCertificate.MAX_ENCODED_BYTES", QuorumCertificate.MAX_ENCODED_BYTES);
    o.put("RoundReport.MAX_OBSERVATIONS", RoundReport.MAX_OBSERVATIONS);
    o.put("Roster.MAX_OBSERVERS", Roster.MAX_OBSERVERS);
    o.put("Roster.MAX_SIGNERS", Roster.MAX_SIGNERS);
    o.put("Decision.MAX_CERTIFICATES", Decision.MAX_CERTIFICATES);
    o.put("Observer.MAX_WEIGHT", Observer.MAX_WEIGHT);
    o.put("Ids.MAX_LABEL_CHARS", org.peerprobe.consensus.model.Ids.MAX_LABEL_CHARS);
    o.put("PhaseTimings.MAX_PHASE_US", PhaseTimings.MAX_PHASE_US);
    o.put("Ratio.MAX_DENOMINATOR", Ratio.MAX_DENOMINATOR);
    o.put("QuorumPolicy.MAX_MIN_NETWORKS", QuorumPolicy.MAX_MIN_NETWORKS);
    o.put("RouterPolicy.MAX_STREAK_ROUNDS", RouterPolicy.MAX_STREAK_ROUNDS);
    o.put("RouterPolicy.MAX_COOLDOWN_ROUNDS", RouterPolicy.MAX_COOLDOWN_ROUNDS);
    o.put("PeerIds.MAX_PEER_ID_CHARS", PeerIds.MAX_PEER_ID_CHARS);
    o.put("NetworkBundle.MAX_ENCODED_BYTES", NetworkBundle.MAX_ENCODED_BYTES);
    o.put("NetworkBundle.MAX_FRONTS", NetworkBundle.MAX_FRONTS);
    o.put("NetworkBundle.MAX_ROUTERS", NetworkBundle.MAX_ROUTERS);
    o.put("NetworkBundle.MAX_BOOTSTRAP_PEERS", NetworkBundle.MAX_BOOTSTRAP_PEERS);
    o.put("NetworkBundle.MAX_MULTIADDR_CHARS", NetworkBundle.MAX_MULTIADDR_CHARS);
    o.put("NetworkBundle.MAX_ROUND_INTERVAL_SECONDS", NetworkBundle.MAX_ROUND_INTERVAL_SECONDS);
    o.put("Front.MAX_HOSTNAME_CHARS", Front.MAX_HOSTNAME_CHARS);
    o.put("Front.MAX_URL_CHARS", Front.MAX_URL_CHARS);
    o.put("Front.MAX_STATUS_RANGES", Front.MAX_STATUS_RANGES);
    o.put("Front.MAX_BODY_CONTAINS_CHARS", Front.MAX_BODY_CONTAINS_CHARS);
    o.put("Front.MAX_ATTEMPTS", Front.MAX_ATTEMPTS);
    o.put("Front.Timeouts.MAX_TIMEOUT_MS", Front.Timeouts.MAX_TIMEOUT_MS);
    o.put("Router.MAX_TTL_SECONDS", Router.MAX_TTL_SECONDS);
    o.put(
        "SignedOperatorCommand.MAX_ENCODED_BYTES",
        org.peerprobe.consensus.model.SignedOperatorCommand.MAX_ENCODED_BYTES);
    o.put(
        "SignedApplyReceipt.MAX_ENCODED_BYTES",
        org.peerprobe.consensus.model.SignedApplyReceipt.MAX_ENCODED_BYTES);
    o.put("ApplyReceipt.MAX_PROVIDERS", org.peerprobe.consensus.model.ApplyReceipt.MAX_PROVIDERS);
    o.put(
        "ProviderResult.MAX_DETAIL_CHARS",
        org.peerprobe.consensus.model.ProviderResult.MAX_DETAIL_CHARS);
    return o;
  }
}
