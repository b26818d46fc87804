package org.peerprobe.node.demo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.service.NodeEvent;

/**
 * The live terminal view of the demo: a screen redrawn in place (ANSI cursor-home and clear-to-end,
 * no full clear, so it does not flicker) showing the latest closed round of every front with its
 * votes per network and verdict, where each router points, and the last events. Used when standard
 * output is a terminal; pipes get {@link DemoView}'s log lines instead.
 *
 * <p>Not thread-safe: {@link DemoView} calls it under its own lock.
 */
final class Dashboard {
  /** Lines of recent events kept on screen. */
  static final int RECENT_EVENTS = 10;

  private static final String HOME = "\033[H";
  private static final String CLEAR_LINE = "\033[K";
  private static final String CLEAR_BELOW = "\033[J";
  private static final String RED = "\033[31m";
  private static final String GREEN = "\033[32m";
  private static final String YELLOW = "\033[33m";
  private static final String BOLD = "\033[1m";
  private static final String RESET = "\033[0m";

  private final String title;
  private final Map<String, NodeEvent.Tallied> lastRound = new LinkedHashMap<>();
  private final Map<String, String> frontState = new LinkedHashMap<>();
  private final Map<String, String> active = new LinkedHashMap<>();
  private final Map<String, String> dns = new LinkedHashMap<>();
  private final Deque<String> recent = new ArrayDeque<>();
  private long round;
  private String feed;

  Dashboard(String title, Map<String, String> routers) {
    this.title = title;
    active.putAll(routers);
  }

  void closed(NodeEvent.Tallied t) {
    lastRound.put(t.front(), t);
    round = Math.max(round, t.round());
  }

  void front(String front, boolean healthy) {
    frontState.put(front, healthy ? "healthy" : "broken (503)");
  }

  void routed(String router, String target) {
    active.put(router, target);
  }

  /** What {@code provider} answers for the router record now. */
  void dns(String provider, String answer) {
    dns.put(provider, answer);
  }

  /** The health feed's URL, shown under the title. */
  void feed(String url) {
    feed = url;
  }

  void event(String line) {
    recent.addLast(line);
    while (recent.size() > RECENT_EVENTS) {
      recent.removeFirst();
    }
  }

  /** The whole screen, ready to print. */
  String frame() {
    StringBuilder s = new StringBuilder(HOME);
    line(s, BOLD + title + RESET);
    if (feed != null) {
      line(s, "status page and feed: " + BOLD + feed + RESET);
    }
    line(s, "last closed round " + round);
    line(s, "");
    for (NodeEvent.Tallied t : lastRound.values()) {
      String state = frontState.getOrDefault(t.front(), "healthy");
      line(
          s,
          String.format(
              "%s%-11s%s %-13s => %s",
              BOLD, t.front(), RESET, "[" + state + "]", colour(t.verdict())));
      TreeMap<String, long[]> byNet = new TreeMap<>();
      t.upByNetwork().forEach((n, w) -> byNet.computeIfAbsent(n, k -> new long[2])[0] += w);
      t.downByNetwork().forEach((n, w) -> byNet.computeIfAbsent(n, k -> new long[2])[1] += w);
      byNet.forEach(
          (n, w) ->
              line(
                  s,
                  String.format("    %-9s %s%s", n, bar(GREEN, '+', w[0]), bar(RED, '-', w[1]))
                      + String.format("  %d up / %d down", w[0], w[1])));
    }
    line(s, "");
    active.forEach((r, to) -> line(s, "router " + BOLD + r + RESET + " -> " + BOLD + to + RESET));
    dns.forEach((p, answer) -> line(s, "  dns " + p + ": " + answer));
    line(s, "");
    line(s, "recent:");
    recent.forEach(e -> line(s, "  " + e));
    s.append(CLEAR_BELOW);
    return s.toString();
  }

  private static String colour(Verdict v) {
    return switch (v) {
      case UP -> GREEN + "UP" + RESET;
      case DOWN -> RED + "DOWN" + RESET;
      case NO_QUORUM -> YELLOW + "NO QUORUM" + RESET;
    };
  }

  private static String bar(String colour, char c, long n) {
    return colour + String.valueOf(c).repeat((int) Math.min(n, 40)) + RESET;
  }

  private static void line(StringBuilder s, String text) {
    s.append(text).append(CLEAR_LINE).append('\n');
  }
}
