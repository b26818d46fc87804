package org.peerprobe.node.feed;

import java.util.Locale;
import org.peerprobe.consensus.model.Verdict;

/** A shields-style SVG badge: {@code <front> | up}, {@code down} or {@code no quorum}. */
final class Badge {
  private Badge() {}

  static String svg(String front, Verdict verdict) {
    String value =
        switch (verdict) {
          case UP -> "up";
          case DOWN -> "down";
          case NO_QUORUM -> "no quorum";
        };
    String color =
        switch (verdict) {
          case UP -> "#2e9b47";
          case DOWN -> "#d23b2f";
          case NO_QUORUM -> "#8a8f98";
        };
    int left = width(front);
    int right = width(value);
    int total = left + right;
    // front ids are [a-z0-9-]: nothing to escape in the SVG text
    return String.format(
        Locale.ROOT,
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" \
        aria-label="%s: %s"><title>%s: %s</title>\
        <linearGradient id="s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" \
        stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>\
        <clipPath id="r"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>\
        <g clip-path="url(#r)"><rect width="%d" height="20" fill="#555"/>\
        <rect x="%d" width="%d" height="20" fill="%s"/>\
        <rect width="%d" height="20" fill="url(#s)"/></g>\
        <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" \
        font-size="11"><text x="%d" y="14">%s</text><text x="%d" y="14">%s</text></g></svg>
        """,
        total,
        front,
        value,
        front,
        value,
        total,
        left,
        left,
        right,
        color,
        total,
        left / 2,
        front,
        left + right / 2,
        value);
  }

  /** Approximate rendered width at 11 px Verdana, plus padding. */
  private static int width(String text) {
    return (int) Math.ceil(text.length() * 7.0) + 12;
  }
}
