package org.peerprobe.node.signer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;

/**
 * The fencing token written beside a router record: TXT {@code _peerprobe.<router>} = {@code
 * seq=<n> decision=<id>}.
 *
 * @param seq the decision's sequence number
 * @param decisionId the decision's id (hex SHA-256)
 */
public record Fence(long seq, String decisionId) {
  /** The label prefixed to the router name. */
  public static final String LABEL = "_peerprobe";

  private static final Pattern FORMAT = Pattern.compile("seq=(\\d{1,16}) decision=([0-9a-f]{64})");

  public Fence {
    if (seq < 0) {
      throw new IllegalArgumentException("seq >= 0");
    }
  }

  /** The TXT record's key for router record {@code routerName}. */
  public static RecordKey keyFor(String routerName) {
    return RecordKey.of(LABEL + "." + routerName, "TXT");
  }

  public String text() {
    return "seq=" + seq + " decision=" + decisionId;
  }

  public RecordSet record(String routerName, long ttl) {
    return RecordSet.of(keyFor(routerName).name(), "TXT", ttl, text());
  }

  /**
   * The fence an RRset holds; empty when it holds something else (hand-edited, another tool): such
   * a record counts as seq 0, so the signer may replace it.
   */
  public static Optional<Fence> parse(RecordSet txt) {
    for (String v : txt.values()) {
      Matcher m = FORMAT.matcher(v.trim());
      if (m.matches()) {
        return Optional.of(new Fence(Long.parseLong(m.group(1)), m.group(2)));
      }
    }
    return Optional.empty();
  }
}
