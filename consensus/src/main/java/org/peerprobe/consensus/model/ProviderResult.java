package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;

/**
 * One provider's line of an {@link ApplyReceipt}.
 *
 * @param provider the provider's id in the signer's configuration, e.g. {@code desec}
 * @param outcome what applying the decision to it came to
 * @param heldSeq the seq of the newer decision the provider holds: present exactly for {@link
 *     ApplyOutcome#FENCED}
 * @param detail why it failed, 1..{@value #MAX_DETAIL_CHARS} printable ASCII characters: present
 *     exactly for {@link ApplyOutcome#FAILED}. Public: a signer puts only the provider's error text
 *     here, which never holds a credential
 * @param checkedAtMs epoch milliseconds at the signer when the outcome was last confirmed
 */
public record ProviderResult(
    String provider,
    ApplyOutcome outcome,
    OptionalLong heldSeq,
    Optional<String> detail,
    long checkedAtMs) {

  /** Longest {@code detail}. */
  public static final int MAX_DETAIL_CHARS = 200;

  /** Printable ASCII (space to '~'): no control characters, nothing a terminal interprets. */
  private static final Pattern DETAIL =
      Pattern.compile("[\\x20-\\x7e]{1," + MAX_DETAIL_CHARS + "}");

  static final Set<String> FIELDS =
      Set.of("provider", "outcome", "heldSeq", "detail", "checkedAtMs");

  public ProviderResult {
    Ids.require(provider, Ids.PROVIDER, "provider", Ids.PROVIDER_DESCRIPTION);
    if (outcome == null || heldSeq == null || detail == null) {
      throw new IllegalArgumentException("outcome is required");
    }
    if (heldSeq.isPresent() != (outcome == ApplyOutcome.FENCED)) {
      throw new IllegalArgumentException("heldSeq is given exactly for FENCED");
    }
    if (heldSeq.isPresent()
        && (heldSeq.getAsLong() < 1 || heldSeq.getAsLong() > CanonicalJson.MAX_SAFE_INTEGER)) {
      throw new IllegalArgumentException("heldSeq must be 1..2^53-1");
    }
    if (detail.isPresent() != (outcome == ApplyOutcome.FAILED)) {
      throw new IllegalArgumentException("detail is given exactly for FAILED");
    }
    detail.ifPresent(
        d -> {
          if (!DETAIL.matcher(d).matches()) {
            throw new IllegalArgumentException(
                "detail must be 1.." + MAX_DETAIL_CHARS + " printable ASCII characters");
          }
        });
    if (checkedAtMs < 0 || checkedAtMs > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("checkedAtMs must be 0..2^53-1");
    }
  }

  public static ProviderResult applied(String provider, long checkedAtMs) {
    return of(provider, ApplyOutcome.APPLIED, checkedAtMs);
  }

  public static ProviderResult alreadyThere(String provider, long checkedAtMs) {
    return of(provider, ApplyOutcome.ALREADY_THERE, checkedAtMs);
  }

  public static ProviderResult fenced(String provider, long heldSeq, long checkedAtMs) {
    return new ProviderResult(
        provider, ApplyOutcome.FENCED, OptionalLong.of(heldSeq), Optional.empty(), checkedAtMs);
  }

  public static ProviderResult failed(String provider, String detail, long checkedAtMs) {
    return new ProviderResult(
        provider, ApplyOutcome.FAILED, OptionalLong.empty(), Optional.of(detail), checkedAtMs);
  }

  private static ProviderResult of(String provider, ApplyOutcome outcome, long checkedAtMs) {
    return new ProviderResult(
        provider, outcome, OptionalLong.empty(), Optional.empty(), checkedAtMs);
  }

  /**
   * {@code text} made fit for {@code detail}: every character outside printable ASCII becomes '?',
   * and it is cut to {@link #MAX_DETAIL_CHARS} (ending in "...") or padded to one character.
   */
  public static String detailOf(String text) {
    StringBuilder b = new StringBuilder();
    String t = text == null || text.isEmpty() ? "?" : text;
    for (int i = 0; i < t.length() && b.length() <= MAX_DETAIL_CHARS; i++) {
      char c = t.charAt(i);
      b.append(c >= 0x20 && c <= 0x7e ? c : '?');
    }
    if (b.length() > MAX_DETAIL_CHARS) {
      b.setLength(MAX_DETAIL_CHARS - 3);
      b.append("...");
    }
    return b.toString();
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("provider", provider);
    o.put("outcome", outcome.name());
    heldSeq.ifPresent(s -> o.put("heldSeq", s));
    detail.ifPresent(d -> o.put("detail", d));
    o.put("checkedAtMs", checkedAtMs);
    return o;
  }

  static ProviderResult read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    OptionalLong held = f.optionalInteger("heldSeq", 1, CanonicalJson.MAX_SAFE_INTEGER);
    Optional<String> detail =
        f.has("detail") ? Optional.of(f.text("detail", MAX_DETAIL_CHARS)) : Optional.empty();
    return f.construct(
        () ->
            new ProviderResult(
                f.text("provider", 63, Ids.PROVIDER, Ids.PROVIDER_DESCRIPTION),
                f.enumValue("outcome", ApplyOutcome.class),
                held,
                detail,
                f.integer("checkedAtMs", 0, CanonicalJson.MAX_SAFE_INTEGER)));
  }
}
