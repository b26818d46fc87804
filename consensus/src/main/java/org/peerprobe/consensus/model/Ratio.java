package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;

/**
 * An exact fraction {@code num/den} with {@code 0 < num ≤ den ≤ MAX_DENOMINATOR}: signed data has
 * no floats, so thresholds and shares are rationals compared by cross-multiplication.
 */
public record Ratio(long num, long den) {
  /** Largest denominator accepted, small enough that products with weights never overflow. */
  public static final long MAX_DENOMINATOR = 1_000_000;

  private static final Set<String> FIELDS = Set.of("num", "den");

  public Ratio {
    if (den < 1 || den > MAX_DENOMINATOR || num < 1 || num > den) {
      throw new IllegalArgumentException(
          "a ratio needs 0 < num <= den <= " + MAX_DENOMINATOR + ": " + num + "/" + den);
    }
  }

  /** True when {@code this > 1/2}. */
  public boolean greaterThanHalf() {
    return 2 * num > den;
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("num", num);
    o.put("den", den);
    return o;
  }

  static Ratio read(Fields parent, String field) {
    Fields f = parent.object(field, FIELDS);
    return f.construct(
        () ->
            new Ratio(f.integer("num", 1, MAX_DENOMINATOR), f.integer("den", 1, MAX_DENOMINATOR)));
  }

  @Override
  public String toString() {
    return num + "/" + den;
  }
}
