package org.peerprobe.consensus.vectors;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.SignedRoster;
import org.peerprobe.consensus.validation.Validated;

/** Whole messages a decoder must accept (non-canonical but equivalent) or refuse, and why. */
final class DecodingVectors {
  private final Scenario s;
  private final ArrayNode out = CanonicalJson.NODES.arrayNode();

  private DecodingVectors(Scenario s) {
    this.s = s;
  }

  static ArrayNode all(Scenario s) {
    DecodingVectors v = new DecodingVectors(s);
    v.reports();
    v.rosters();
    v.certificatesAndDecisions();
    v.commands();
    v.receipts();
    return v.out;
  }

  private void reports() {
    SignedReport a = s.reports.get("report-a");
    String text = CanonicalJson.encodeToString(a.toJson());
    String pretty = new String(CanonicalJson.pretty(reversed(a.toJson())), UTF_8);
    valid("report-pretty-and-reordered", "signedReport", pretty, "report-a", "whitespace, order");
    valid(
        "report-escaped-characters",
        "signedReport",
        replace(text, "\"AS3320\"", "\"\\u0041S3320\""),
        "report-a",
        "escapes decode to the same string");
    String b = CanonicalJson.encodeToString(s.reports.get("report-b").toJson());
    valid(
        "report-minus-zero",
        "signedReport",
        replace(b, "\"httpStatus\":0", "\"httpStatus\":-0"),
        "report-b",
        "-0 is the integer 0");
    padded("report-at-size-limit", text, SignedReport.MAX_ENCODED_BYTES, "VALID");
    padded("report-over-size-limit", text, SignedReport.MAX_ENCODED_BYTES + 1, "TOO_LARGE");
    String first = "\"httpStatus\":502";
    report("float", replace(text, first, "\"httpStatus\":502.0"), "no floats anywhere");
    report("null", replace(text, first, "\"httpStatus\":null"), "no nulls");
    String round = "\"round\":" + Scenario.R0;
    report("duplicate-key", replace(text, round, round + "," + round), "duplicate names");
    report("integer-2^53", replace(text, round, "\"round\":9007199254740992"), "out of range");
    report("trailing-content", text + "{}", "exactly one JSON value");
    report("unknown-field", edit(a, j -> report(j).put("comment", "hi")), "unknown fields");
    report("lowercase-enum", edit(a, j -> obs(j, 1).put("status", "down")), "enums are exact");
    report("failure-when-up", edit(a, j -> obs(j, 0).put("failure", "TLS")), "only when DOWN");
    report("no-failure-when-down", edit(a, j -> obs(j, 1).remove("failure")), "required");
    report(
        "unsorted-observations",
        edit(a, j -> observations(j).insert(0, observations(j).remove(1))),
        "observations sorted by front");
    report("duplicate-front", edit(a, j -> obs(j, 1).put("front", "cdn2-front")), "fronts unique");
    report(
        "timing-out-of-range",
        edit(a, j -> ((ObjectNode) obs(j, 0).get("timings")).put("totalUs", 3_600_000_001L)),
        "phases are at most one hour");
    report(
        "unknown-timing",
        edit(a, j -> ((ObjectNode) obs(j, 0).get("timings")).put("sslUs", 1)),
        "unknown fields");
    String key = a.report().observer().hex();
    report("uppercase-key", replace(text, key, key.toUpperCase(Locale.ROOT)), "lowercase hex");
    report("invalid-key", replace(text, key, "01" + "00".repeat(31)), "not a valid key");
    String sig = a.signature().hex();
    report("uppercase-signature", replace(text, sig, sig.toUpperCase(Locale.ROOT)), "lowercase");
  }

  private void rosters() {
    String text = CanonicalJson.encodeToString(s.signedRoster.toJson());
    roster("lone-surrogate", replace(text, "\u2603", "\\ud800"), "label is not valid Unicode");
    roster(
        "unsorted-observers",
        edit(
            s.signedRoster,
            j ->
                arr(j.get("roster"), "observers")
                    .insert(0, arr(j.get("roster"), "observers").remove(2))),
        "observers sorted by key");
    roster(
        "unsorted-signers",
        edit(
            s.signedRoster,
            j ->
                arr(j.get("roster"), "signers")
                    .insert(0, arr(j.get("roster"), "signers").remove(1))),
        "signers sorted");
    roster(
        "zero-weight",
        edit(
            s.signedRoster,
            j -> ((ObjectNode) arr(j.get("roster"), "observers").get(0)).put("weight", 0)),
        "weights 1..1000");
    roster(
        "threshold-one-half",
        edit(
            s.signedRoster,
            j ->
                ((ObjectNode) j.get("roster").get("policy").get("threshold"))
                    .put("num", 1)
                    .put("den", 2)),
        "threshold must exceed 1/2");
  }

  private void certificatesAndDecisions() {
    QuorumCertificate c = s.certificates.values().iterator().next().certificate();
    certificate(
        "unsorted-reports",
        edit(c.toJson(), j -> arr(j, "reports").insert(0, arr(j, "reports").remove(2))),
        "reports sorted by observer key");
    certificate(
        "no-quorum-verdict", edit(c.toJson(), j -> j.put("verdict", "NO_QUORUM")), "UP or DOWN");
    SignedDecision d = s.decisions.get(0);
    decision("from-equals-to", edit(d, j -> dec(j).put("to", Scenario.PRIMARY)), "a switch");
    decision(
        "first-not-genesis", edit(d, j -> dec(j).put("prev", "11".repeat(32))), "prev of seq 1");
    decision(
        "uppercase-certificate-id",
        edit(
            d,
            j ->
                arr(dec(j), "certificates")
                    .set(0, d.decision().certificates().get(0).toUpperCase(Locale.ROOT))),
        "lowercase hex");
    decision(
        "duplicate-certificate-id",
        edit(d, j -> arr(dec(j), "certificates").add(d.decision().certificates().get(0))),
        "distinct ids");
  }

  private void commands() {
    SignedOperatorCommand pin = s.commands.get("command-pin");
    SignedOperatorCommand failback = s.commands.get("command-failback");
    command(
        "failback-with-front",
        edit(failback.toJson(), j -> ((ObjectNode) j.get("command")).put("front", "cf-front")),
        "front only for PIN");
    command(
        "pin-without-front",
        edit(pin.toJson(), j -> ((ObjectNode) j.get("command")).remove("front")),
        "PIN names its front");
    command(
        "unknown-action",
        edit(failback.toJson(), j -> ((ObjectNode) j.get("command")).put("action", "failback")),
        "upper-case enum");
    SignedDecision pinned = s.decisions.get(2);
    decision(
        "pinned-without-command", edit(pinned, j -> dec(j).remove("command")), "PINNED cites it");
    decision(
        "command-for-another-front",
        edit(pinned, j -> dec(j).put("to", Scenario.PRIMARY).put("from", Scenario.SECONDARY)),
        "the pinned front is the target");
  }

  private void receipts() {
    SignedApplyReceipt r = ReceiptVectors.receipts(s).get("receipt-1-failing");
    receipt(
        "unsorted-providers",
        edit(r.toJson(), j -> lines(j).insert(0, lines(j).remove(1))),
        "providers sorted by id, distinct");
    receipt(
        "detail-when-applied",
        edit(r.toJson(), j -> ((ObjectNode) lines(j).get(0)).put("detail", "ok")),
        "detail only for FAILED");
    receipt(
        "control-character-in-detail",
        edit(r.toJson(), j -> ((ObjectNode) lines(j).get(1)).put("detail", "a\u001b[31m")),
        "detail is printable ASCII");
    receipt(
        "fenced-by-an-older-seq",
        edit(
            r.toJson(),
            j -> ((ObjectNode) lines(j).get(0)).put("outcome", "FENCED").put("heldSeq", 1)),
        "heldSeq above the receipt's seq");
    receipt(
        "checked-after-issued",
        edit(
            r.toJson(),
            j -> ((ObjectNode) lines(j).get(0)).put("checkedAtMs", Long.MAX_VALUE >> 11)),
        "checkedAtMs at most issuedAtMs");
  }

  private void receipt(String name, String input, String reason) {
    entry("receipt-" + name, "signedReceipt", input, null, "MALFORMED", reason);
  }

  private static ArrayNode lines(ObjectNode signed) {
    return arr(signed.get("receipt"), "providers");
  }

  private void command(String name, String input, String reason) {
    entry("command-" + name, "signedCommand", input, null, "MALFORMED", reason);
  }

  private void report(String name, String input, String reason) {
    entry("report-" + name, "signedReport", input, null, "MALFORMED", reason);
  }

  private void roster(String name, String input, String reason) {
    entry("roster-" + name, "signedRoster", input, null, "MALFORMED", reason);
  }

  private void certificate(String name, String input, String reason) {
    entry("certificate-" + name, "certificate", input, null, "MALFORMED", reason);
  }

  private void decision(String name, String input, String reason) {
    entry("decision-" + name, "signedDecision", input, null, "MALFORMED", reason);
  }

  private void valid(String name, String kind, String input, String sameAs, String reason) {
    entry(name, kind, input, null, "VALID", reason).put("sameAs", sameAs);
  }

  private void padded(String name, String input, int padTo, String expect) {
    String reason = "size limit " + SignedReport.MAX_ENCODED_BYTES;
    ObjectNode o = entry(name, "signedReport", input, padTo, expect, reason);
    if (expect.equals("VALID")) {
      o.put("sameAs", "report-a");
    }
  }

  private ObjectNode entry(
      String name, String kind, String input, Integer padTo, String expect, String reason) {
    byte[] bytes = input.getBytes(UTF_8);
    if (padTo != null) {
      bytes = Arrays.copyOf(bytes, padTo);
      Arrays.fill(bytes, input.getBytes(UTF_8).length, padTo, (byte) ' ');
    }
    Validated<?> v = decode(kind, bytes);
    String outcome = v instanceof Validated.Invalid<?> i ? i.rejection().name() : "VALID";
    if (!outcome.equals(expect)) {
      throw new IllegalStateException(name + ": expected " + expect + ", got " + v);
    }
    ObjectNode o = out.addObject();
    o.put("name", name);
    o.put("kind", kind);
    o.put("input", input);
    if (padTo != null) {
      o.put("padWithSpacesToBytes", padTo);
    }
    o.put("expect", expect);
    o.put("reason", reason);
    if (v instanceof Validated.Invalid<?> i) {
      o.put("javaDetail", i.detail());
    }
    return o;
  }

  static Validated<?> decode(String kind, byte[] bytes) {
    return switch (kind) {
      case "signedReport" -> SignedReport.decode(bytes);
      case "signedRoster" -> SignedRoster.decode(bytes);
      case "certificate" -> QuorumCertificate.decode(bytes);
      case "signedDecision" -> SignedDecision.decode(bytes);
      case "signedCommand" -> SignedOperatorCommand.decode(bytes);
      case "signedReceipt" -> SignedApplyReceipt.decode(bytes);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private static String replace(String text, String from, String to) {
    if (!text.contains(from)) {
      throw new IllegalStateException("'" + from + "' not in " + text);
    }
    return text.replaceFirst(Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }

  private static String edit(SignedReport r, Consumer<ObjectNode> change) {
    return edit(r.toJson(), change);
  }

  private static String edit(SignedRoster r, Consumer<ObjectNode> change) {
    return edit(r.toJson(), change);
  }

  private static String edit(SignedDecision d, Consumer<ObjectNode> change) {
    return edit(d.toJson(), change);
  }

  private static String edit(ObjectNode json, Consumer<ObjectNode> change) {
    ObjectNode copy = json.deepCopy();
    change.accept(copy);
    return CanonicalJson.encodeToString(copy);
  }

  private static ObjectNode report(ObjectNode signed) {
    return (ObjectNode) signed.get("report");
  }

  private static ObjectNode dec(ObjectNode signed) {
    return (ObjectNode) signed.get("decision");
  }

  private static ArrayNode arr(JsonNode o, String field) {
    return (ArrayNode) o.get(field);
  }

  private static ArrayNode observations(ObjectNode signed) {
    return arr(report(signed), "observations");
  }

  private static ObjectNode obs(ObjectNode signed, int i) {
    return (ObjectNode) observations(signed).get(i);
  }

  /** The same value with every object's members in reverse canonical order. */
  private static JsonNode reversed(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names, Collections.reverseOrder());
      ObjectNode o = CanonicalJson.object();
      names.forEach(n -> o.set(n, reversed(node.get(n))));
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = CanonicalJson.NODES.arrayNode();
      node.forEach(e -> a.add(reversed(e)));
      return a;
    }
    return node;
  }
}
