package org.peerprobe.bench.compare;

import java.util.List;

/** Renders rows as a Markdown table (also readable in a terminal). */
final class BenchTable {
  private BenchTable() {}

  static String markdown(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append("| measure | scenario | peerprobe | single-observer baseline | target | met |\n");
    s.append("|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      s.append("| ")
          .append(r.section())
          .append(" | ")
          .append(r.scenario())
          .append(" | ")
          .append(r.peerprobe())
          .append(" | ")
          .append(r.baseline().orElse("—"))
          .append(" | ")
          .append(r.target().orElse("—"))
          .append(" | ")
          .append(r.met().map(m -> m ? "yes" : "**no**").orElse("—"))
          .append(" |\n");
    }
    return s.toString();
  }
}
