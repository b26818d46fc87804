package org.peerprobe.bench.compare;

import java.util.Optional;

/**
 * One line of the comparison table.
 *
 * @param section what is measured, e.g. {@code time to failover}
 * @param scenario under which conditions, e.g. {@code primary 503, 25 observers in 5 networks}
 * @param peerprobe peerprobe's figure, formatted with its unit
 * @param baseline the single-observer baseline's figure, or empty where it has none
 * @param target the target this row is reported against, or empty
 * @param met whether peerprobe's figure meets the target (empty without a target)
 */
public record Row(
    String section,
    String scenario,
    String peerprobe,
    Optional<String> baseline,
    Optional<String> target,
    Optional<Boolean> met) {

  public static Row of(String section, String scenario, String peerprobe) {
    return new Row(
        section, scenario, peerprobe, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Row baseline(String value) {
    return new Row(section, scenario, peerprobe, Optional.of(value), target, met);
  }

  public Row target(String value, boolean isMet) {
    return new Row(section, scenario, peerprobe, baseline, Optional.of(value), Optional.of(isMet));
  }
}
