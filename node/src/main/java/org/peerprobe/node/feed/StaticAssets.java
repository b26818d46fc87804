package org.peerprobe.node.feed;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status page's files, read once from the jar ({@code org/peerprobe/node/feed/www/}): plain
 * HTML, CSS and JS (ES modules, loaded by the browser as they are), no build step. Only the files
 * named in {@link #FILES} are served, so no path a client sends can reach anything else.
 */
final class StaticAssets {
  static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "dom.js", "text/javascript; charset=utf-8",
          "fronts.js", "text/javascript; charset=utf-8",
          "panels.js", "text/javascript; charset=utf-8",
          "style.css", "text/css; charset=utf-8",
          "favicon.svg", "image/svg+xml");

  private static final String ROOT = "/org/peerprobe/node/feed/www/";

  private final Map<String, FeedResponse> byPath = new HashMap<>();

  StaticAssets() {
    FILES.forEach(
        (name, type) -> {
          try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
              throw new IllegalStateException("the jar lacks the status page file " + name);
            }
            byPath.put(
                "/" + name,
                new FeedResponse(200, type, in.readAllBytes(), FeedResponse.Cache.STATIC));
          } catch (IOException e) {
            throw new IllegalStateException("cannot read the status page file " + name, e);
          }
        });
    byPath.put("/", byPath.get("/index.html"));
  }

  Optional<FeedResponse> get(String path) {
    return Optional.ofNullable(byPath.get(path));
  }
}
