package org.peerprobe.node.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.signer.ProviderOutcome;
import org.peerprobe.node.signer.Reconciler;
import org.peerprobe.node.signer.RouterTarget;

/**
 * Renders what one demo node sees: per closed round and front, the UP/DOWN votes per network and
 * the verdict; certificates; decisions; the fronts breaking and healing. Human lines, or one JSON
 * object per line with {@code --json}. Thread-safe (synchronized: events come from several
 * threads).
 */
public final class DemoView {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final boolean json;
  private final boolean live;
  private Dashboard dashboard;
  private final TreeMap<Long, Map<String, NodeEvent.Tallied>> open = new TreeMap<>();
  private final Map<String, String> certificateOf = new LinkedHashMap<>();
  private final Map<String, String> active = new LinkedHashMap<>();
  private int verdictsDown;
  private int decisions;

  public DemoView(PrintStream out, boolean json) {
    this(out, json, false);
  }

  /**
   * @param live redraw one screen in place ({@link Dashboard}) instead of printing log lines; for
   *     terminals only (ignored with {@code json})
   */
  public DemoView(PrintStream out, boolean json, boolean live) {
    this.out = out;
    this.json = json;
    this.live = live && !json;
  }

  public synchronized void started(DemoOptions o, Map<String, Integer> frontPorts, String router) {
    if (json) {
      ObjectNode e = event("start", System.currentTimeMillis());
      e.put("observers", o.observers()).put("networks", o.networks());
      e.put("intervalMs", o.interval().toMillis()).put("liars", o.liars());
      e.put("brokenNetwork", o.brokenNetwork());
      frontPorts.forEach((f, p) -> e.put(f, "http://127.0.0.1:" + p + "/"));
      print(e);
      return;
    }
    if (live) {
      dashboard =
          new Dashboard(
              String.format(
                  "peerprobe demo: %d observers in %d networks, round every %ds; the primary"
                      + " breaks at +%ds and heals at +%ds",
                  o.observers(),
                  o.networks(),
                  o.interval().toSeconds(),
                  o.failAt().toSeconds(),
                  o.restoreAt().toSeconds()),
              Map.of(router, Demo.PRIMARY));
      frontPorts.forEach((f, p) -> dashboard.event(f + " serves http://127.0.0.1:" + p + "/"));
      out.print("\033[2J");
      redraw();
      return;
    }
    out.printf(
        "peerprobe demo: %d observers in %d networks, round every %ds%s%s%n",
        o.observers(),
        o.networks(),
        o.interval().toSeconds(),
        o.liars() > 0 ? ", " + o.liars() + " liar(s) reporting everything DOWN" : "",
        o.brokenNetwork() ? ", the first network broken (sees everything DOWN)" : "");
    frontPorts.forEach((f, p) -> out.printf("  front %-11s http://127.0.0.1:%d/%n", f, p));
    out.printf(
        "  router %s starts on the primary; the primary breaks at +%ds and heals at +%ds%n%n",
        router, o.failAt().toSeconds(), o.restoreAt().toSeconds());
    out.flush();
  }

  /**
   * Where the first node serves its health feed (the others serve theirs on the following ports),
   * and the demo operator's PeerId, which {@code peerprobe verify} pins.
   *
   * @param note why the feed is not where it was asked to be, or empty
   */
  public synchronized void feed(String url, int nodes, String operator, String note) {
    if (json) {
      print(
          event("feed", System.currentTimeMillis())
              .put("url", url)
              .put("nodes", nodes)
              .put("operator", operator));
      return;
    }
    String line =
        "  status page and health feed: "
            + url
            + " ("
            + nodes
            + " nodes serve one each)\n  check a decision: ./peerprobe verify "
            + url
            + "v1/decisions/<id> --operator "
            + operator;
    if (live) {
      dashboard.feed(url);
      if (!note.isEmpty()) {
        dashboard.event(note);
      }
      redraw();
    } else {
      out.println(line);
      if (!note.isEmpty()) {
        out.println("  " + note);
      }
      out.flush();
    }
  }

  /** Where the signer writes the router record (shown once at start). */
  public synchronized void dnsTarget(String provider, String description) {
    if (json) {
      print(event("dns-provider", System.currentTimeMillis()).put("provider", provider));
      return;
    }
    String line = "  router record written through " + description;
    if (live) {
      dashboard.event(line.trim());
      redraw();
    } else {
      out.println(line);
      out.flush();
    }
  }

  /** A write of the signer finished (read back, already there, fenced or failed). */
  public synchronized void dns(Reconciler.Applied a) {
    RouterTarget t = a.target();
    ProviderOutcome o = a.outcome();
    long now = System.currentTimeMillis();
    if (json) {
      if (o instanceof ProviderOutcome.Applied) {
        print(
            event("dns", now)
                .put("provider", o.provider())
                .put("name", t.name())
                .put("target", t.target())
                .put("seq", t.fence().seq()));
      } else if (o instanceof ProviderOutcome.Failed f) {
        print(event("dns-failed", now).put("provider", o.provider()).put("reason", f.reason()));
      }
      return;
    }
    if (o instanceof ProviderOutcome.AlreadyThere) {
      return;
    }
    String line =
        String.format(
            "%s dns %s: %s",
            TIME.format(Instant.ofEpochMilli(now)),
            o.provider(),
            o instanceof ProviderOutcome.Applied ap
                ? t.name()
                    + " CNAME "
                    + t.target()
                    + " (seq "
                    + t.fence().seq()
                    + ", read back after "
                    + ap.took().toMillis()
                    + " ms)"
                : o.toString());
    if (live) {
      if (o.converged()) {
        dashboard.dns(
            o.provider(), t.name() + " CNAME " + t.target() + "  (seq " + t.fence().seq() + ")");
      }
      dashboard.event(line);
      redraw();
      return;
    }
    out.println(line);
    out.flush();
  }

  public synchronized void frontChanged(String front, boolean healthy) {
    long now = System.currentTimeMillis();
    if (json) {
      print(event(healthy ? "front-restored" : "front-broken", now).put("front", front));
      return;
    }
    String line =
        String.format(
            "%s %s %s",
            TIME.format(Instant.ofEpochMilli(now)),
            healthy ? "++" : "!!",
            healthy
                ? "healing " + front + ": it answers 200 again"
                : "breaking " + front + ": it now answers 503");
    if (live) {
      dashboard.front(front, healthy);
      dashboard.event(line);
      redraw();
      return;
    }
    out.println(line);
    out.flush();
  }

  public synchronized void onEvent(NodeEvent e) {
    if (e instanceof NodeEvent.Tallied t) {
      closeRoundsBefore(t.round());
      open.computeIfAbsent(t.round(), r -> new LinkedHashMap<>()).put(t.front(), t);
    } else if (e instanceof NodeEvent.Reported r) {
      closeRoundsBefore(r.round());
    } else if (e instanceof NodeEvent.Certified c) {
      certificateOf.put(c.front() + "@" + c.round(), c.id());
    } else if (e instanceof NodeEvent.Switched s) {
      decision(s.ts(), s.decision());
    } else if (e instanceof NodeEvent.Receipted r && json) {
      var a = r.receipt().receipt();
      print(
          event("receipt", r.ts())
              .put("router", a.router())
              .put("seq", a.seq())
              .put("own", r.own())
              .set("providers", a.toJson().get("providers")));
    } else if (e instanceof NodeEvent.Rejected r && json) {
      print(event("rejected", r.ts()).put("topic", r.topic()).put("reason", r.reason()));
    }
  }

  /** Prints every round still open (log lines) and returns a one-line summary. */
  public synchronized String finished() {
    if (live) {
      open.clear(); // the round in flight is incomplete: the screen keeps the last closed one
    } else {
      closeRoundsBefore(Long.MAX_VALUE);
    }
    String summary =
        "demo over: " + decisions + " decision(s), " + verdictsDown + " DOWN verdict(s)";
    if (json) {
      print(
          event("end", System.currentTimeMillis())
              .put("decisions", decisions)
              .put("downVerdicts", verdictsDown));
    } else if (live) {
      redraw();
      out.println(summary);
      out.flush();
    } else {
      out.println();
      out.println(summary);
      out.flush();
    }
    return summary;
  }

  public synchronized int decisions() {
    return decisions;
  }

  public synchronized int downVerdicts() {
    return verdictsDown;
  }

  private void decision(long ts, Decision d) {
    decisions++;
    active.put(d.router(), d.to());
    if (json) {
      print(
          event("decision", ts)
              .put("router", d.router())
              .put("from", d.from())
              .put("to", d.to())
              .put("seq", d.seq())
              .put("round", d.round())
              .put("reason", d.reason().name())
              .put("id", d.id()));
      return;
    }
    String line =
        String.format(
            "%s => decision #%d: %s switches %s -> %s (%s, round %d, %d certificate(s))",
            TIME.format(Instant.ofEpochMilli(ts)),
            d.seq(),
            d.router(),
            d.from(),
            d.to(),
            d.reason(),
            d.round(),
            d.certificates().size());
    if (live) {
      dashboard.routed(d.router(), d.to());
      dashboard.event(line);
      redraw();
      return;
    }
    out.println(line);
    out.flush();
  }

  private void closeRoundsBefore(long round) {
    while (!open.isEmpty() && open.firstKey() < round) {
      Map.Entry<Long, Map<String, NodeEvent.Tallied>> e = open.pollFirstEntry();
      for (NodeEvent.Tallied t : e.getValue().values()) {
        printRound(t);
      }
    }
  }

  private void printRound(NodeEvent.Tallied t) {
    long up = sum(t.upByNetwork());
    long down = sum(t.downByNetwork());
    if (t.verdict() == Verdict.DOWN) {
      verdictsDown++;
    }
    long weight =
        t.verdict() == Verdict.DOWN ? down : t.verdict() == Verdict.UP ? up : Math.max(up, down);
    String cert = certificateOf.remove(t.front() + "@" + t.round());
    if (json) {
      ObjectNode e =
          event("verdict", System.currentTimeMillis())
              .put("round", t.round())
              .put("front", t.front())
              .put("verdict", t.verdict().name())
              .put("weight", weight)
              .put("up", up)
              .put("down", down)
              .put("totalWeight", t.totalWeight());
      if (cert != null) {
        e.put("certificate", cert);
      }
      print(e);
      return;
    }
    if (live) {
      dashboard.closed(t);
      if (t.verdict() != Verdict.UP) {
        dashboard.event(
            String.format(
                "%s round %d: %s %s (%d up, %d down)",
                TIME.format(Instant.ofEpochMilli(System.currentTimeMillis())),
                t.round(),
                t.front(),
                t.verdict(),
                up,
                down));
      }
      redraw();
      return;
    }
    StringBuilder votes = new StringBuilder();
    TreeMap<String, long[]> byNet = new TreeMap<>();
    t.upByNetwork().forEach((n, w) -> byNet.computeIfAbsent(n, k -> new long[2])[0] += w);
    t.downByNetwork().forEach((n, w) -> byNet.computeIfAbsent(n, k -> new long[2])[1] += w);
    byNet.forEach((n, w) -> votes.append(String.format("  %s %d up/%d down", n, w[0], w[1])));
    out.printf(
        "round %d  %-11s%s  => %s%s%n",
        t.round(),
        t.front(),
        votes,
        t.verdict(),
        cert == null ? "" : " (certificate " + cert.substring(0, 8) + ")");
    out.flush();
  }

  private void redraw() {
    out.print(dashboard.frame());
    out.flush();
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  private static ObjectNode event(String name, long ts) {
    return JSON.createObjectNode().put("event", name).put("ts", ts);
  }

  private void print(ObjectNode e) {
    out.println(e.toString());
    out.flush();
  }
}
