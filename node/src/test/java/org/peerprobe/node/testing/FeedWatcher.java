package org.peerprobe.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.peerprobe.p2p.testing.Await;

/**
 * A client of a node's health feed, as a status page is: it follows {@code /v1/events} (Server-Sent
 * Events, parsed as they arrive and stamped with their arrival time) and fetches JSON endpoints.
 */
public final class FeedWatcher implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT = Duration.ofSeconds(10);

  /** One Server-Sent Event. */
  public record Event(String type, JsonNode data, long receivedAtMs) {}

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile Stream<String> lines;

  private FeedWatcher(String base) {
    this.base = base;
    this.reader = new Thread(this::read, "feed-watcher");
    reader.setDaemon(true);
  }

  /** Connects to {@code baseUrl}'s event stream (e.g. {@code http://127.0.0.1:8080}). */
  public static FeedWatcher open(String baseUrl) throws Exception {
    FeedWatcher w = new FeedWatcher(baseUrl);
    HttpResponse<Stream<String>> r =
        w.http
            .sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v1/events")).build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(CONNECT.toMillis(), TimeUnit.MILLISECONDS);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /v1/events answered " + r.statusCode());
    }
    w.lines = r.body();
    w.reader.start();
    return w;
  }

  private void read() {
    String type = null;
    StringBuilder data = new StringBuilder();
    for (String line : (Iterable<String>) lines::iterator) {
      if (line.startsWith("event: ")) {
        type = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data.append(line.substring(6));
      } else if (line.isEmpty() && type != null) {
        try {
          events.add(new Event(type, JSON.readTree(data.toString()), System.currentTimeMillis()));
        } catch (IOException e) {
          throw new AssertionError("the feed sent an event that is not JSON: " + data, e);
        }
        type = null;
        data.setLength(0);
      }
    }
  }

  /** The first event (received so far or later) that matches, within {@code timeout}. */
  public Event await(Duration timeout, Predicate<Event> match) {
    Await.until(
        timeout,
        () -> events.stream().anyMatch(match),
        "a matching event on " + base + "/v1/events");
    return events.stream().filter(match).findFirst().orElseThrow();
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  /** GETs a JSON endpoint; fails the test unless it answers 200. */
  public JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(CONNECT).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    if (lines != null) {
      lines.close();
    }
    reader.interrupt();
  }
}
