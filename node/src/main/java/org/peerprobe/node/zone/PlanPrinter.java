package org.peerprobe.node.zone;

import java.io.PrintWriter;
import java.util.List;
import org.peerprobe.node.dns.RecordSet;

/**
 * Prints a {@link ZoneSync.Report} for people: per provider, each create ({@code +}) and update
 * ({@code ~}, old {@code ->} new), or "no changes"; problems with the line of the zone file to fix;
 * failures with whose fault they are; then what was written and a one-line summary.
 */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static void print(ZoneSync.Report report, PrintWriter out) {
    ZonePlan plan = report.plan();
    out.println(
        "zone "
            + plan.zone()
            + ": "
            + plural(plan.declared(), "record")
            + " declared, "
            + plural(plan.providers().size(), "provider"));
    for (ProviderPlan p : plan.providers()) {
      printPlan(p, out);
    }
    for (String u : report.unsafe()) {
      out.println("unsafe: " + u);
    }
    if (!report.results().isEmpty()) {
      out.println("apply:");
    }
    for (ProviderResult r : report.results()) {
      out.println("  " + result(r));
    }
    out.println(summary(report));
    out.flush();
  }

  private static void printPlan(ProviderPlan p, PrintWriter out) {
    if (p instanceof ProviderPlan.Ready r) {
      if (r.changes().isEmpty()) {
        out.println(r.provider() + ": no changes (" + r.unchanged() + " unchanged)");
      } else {
        out.println(
            r.provider()
                + ": "
                + r.creates()
                + " to create, "
                + r.updates()
                + " to update, "
                + r.unchanged()
                + " unchanged");
      }
      for (Change c : r.changes()) {
        out.println("  " + change(c));
      }
      for (String n : r.notes()) {
        out.println("  = " + n);
      }
    } else if (p instanceof ProviderPlan.Invalid i) {
      out.println(i.provider() + ": PLAN ERROR (nothing is written to any provider):");
      i.problems().forEach(m -> out.println("  " + m));
    } else {
      ProviderPlan.Failed f = (ProviderPlan.Failed) p;
      out.println(f.provider() + ": FAILED, " + f.fault());
      out.println("  " + f.message());
    }
  }

  /** {@code + name TYPE ttl [values]} or {@code ~ name TYPE ttl [old] -> ttl [new]}. */
  static String change(Change c) {
    RecordSet after = c.after();
    if (c.isCreate()) {
      return "+ " + after.key() + " " + after.ttl() + " " + after.values();
    }
    RecordSet before = c.before().orElseThrow();
    return "~ "
        + after.key()
        + " "
        + before.ttl()
        + " "
        + before.values()
        + " -> "
        + after.ttl()
        + " "
        + after.values();
  }

  static String result(ProviderResult r) {
    if (r instanceof ProviderResult.Applied a) {
      return a.provider() + ": applied " + plural(a.changes(), "change");
    } else if (r instanceof ProviderResult.NoChanges n) {
      return n.provider() + ": no changes";
    }
    ProviderResult.Failed f = (ProviderResult.Failed) r;
    if (f.planned() == 0) {
      return f.provider() + ": not updated: it could not be planned (above)";
    }
    return f.provider()
        + ": FAILED ("
        + f.applied()
        + " of "
        + f.planned()
        + " changes applied), "
        + f.fault()
        + ": "
        + f.message();
  }

  static String summary(ZoneSync.Report report) {
    int changes = report.plan().changes();
    return switch (report.status()) {
      case NO_CHANGES -> "no changes: every provider serves the declared records";
      case CHANGES_PENDING -> plural(changes, "change") + " to apply";
      case APPLIED -> "applied " + plural(changes, "change");
      case FAILED ->
          "some providers failed (above); the others are up to date. Run again once"
              + " they are fixed";
      case UNSAFE ->
          "nothing written: more changes than the safety fraction allows; check the"
              + " plan and apply with --force if it is what you want";
      case INVALID -> "nothing written to any provider: fix the problems above";
    };
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Every line {@link #print} would print. */
  public static List<String> lines(ZoneSync.Report report) {
    java.io.StringWriter s = new java.io.StringWriter();
    print(report, new PrintWriter(s));
    return s.toString().lines().toList();
  }
}
