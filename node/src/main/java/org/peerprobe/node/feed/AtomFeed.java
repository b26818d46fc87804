package org.peerprobe.node.feed;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.node.store.Store;

/**
 * {@code /feed.atom}: decisions and incidents ({@link Incidents}) over the recent rounds, newest
 * first, at most {@link FeedLimits#MAX_ATOM_ENTRIES}. Entry ids are tag URIs that stay the same for
 * the same decision or incident, so readers do not show an entry twice.
 */
final class AtomFeed {
  /** Rounds scanned for incidents. */
  static final int INCIDENT_ROUNDS = FeedLimits.MAX_ROUNDS_PER_PAGE;

  private record Entry(String id, long updatedMs, String title, String summary, String link) {}

  private final Supplier<LiveState> live;
  private final Store store;
  private final LongSupplier clock;

  AtomFeed(Supplier<LiveState> live, Store store, LongSupplier clock) {
    this.live = live;
    this.store = store;
    this.clock = clock;
  }

  CompletableFuture<FeedResponse> render(String base) {
    LiveState s = live.get();
    long now = clock.getAsLong();
    long current = Math.floorDiv(now, s.intervalMs());
    List<CompletableFuture<List<Entry>>> parts = new ArrayList<>();
    for (Router r : s.bundle().routers()) {
      String name = r.policy().name();
      long head =
          s.routers().containsKey(name)
              ? s.routers().get(name).decision().map(d -> d.decision().seq()).orElse(0L)
              : 0L;
      long after = Math.max(0, head - FeedLimits.MAX_ATOM_ENTRIES);
      parts.add(
          store
              .decisions(name, after, FeedLimits.MAX_ATOM_ENTRIES)
              .thenApply(
                  list ->
                      list.stream()
                          .map(d -> decisionEntry(s, d.decision().decision(), d.storedAtMs()))
                          .toList()));
    }
    for (Front f : s.bundle().fronts()) {
      parts.add(
          store
              .verdicts(f.id(), Math.max(0, current - INCIDENT_ROUNDS + 1), current)
              .thenApply(
                  rows -> Incidents.of(rows).stream().map(i -> incidentEntry(s, i)).toList()));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<Entry> all = new ArrayList<>();
              parts.forEach(p -> all.addAll(p.join()));
              all.sort(Comparator.comparingLong(Entry::updatedMs).reversed());
              List<Entry> shown = all.subList(0, Math.min(all.size(), FeedLimits.MAX_ATOM_ENTRIES));
              return FeedResponse.text(
                  "application/atom+xml; charset=utf-8",
                  xml(s, base, now, shown),
                  FeedResponse.Cache.LIVE);
            });
  }

  private static Entry decisionEntry(LiveState s, Decision d, long storedAtMs) {
    String to = s.bundle().front(d.to()).map(Front::hostname).orElse(d.to());
    return new Entry(
        "tag:peerprobe.org,2025:" + d.networkId() + ":decision:" + d.id(),
        storedAtMs,
        d.router() + " switched from " + d.from() + " to " + d.to(),
        "Decision seq "
            + d.seq()
            + " ("
            + d.reason()
            + ") in round "
            + d.round()
            + ": "
            + d.router()
            + " now points at "
            + to
            + ". Evidence: "
            + d.certificates().size()
            + " quorum certificate(s).",
        "/v1/decisions/" + d.id() + "/evidence");
  }

  private static Entry incidentEntry(LiveState s, Incidents.Incident i) {
    long endMs = (i.lastRound() + 1) * s.intervalMs();
    String rounds =
        i.firstRound() == i.lastRound()
            ? "round " + i.firstRound()
            : "rounds " + i.firstRound() + "–" + i.lastRound();
    String title =
        i.kind() == Incidents.Kind.OUTAGE
            ? i.front() + " down (quorum)"
            : i.front() + " partial outage seen from " + String.join(", ", i.networks());
    String summary =
        i.kind() == Incidents.Kind.OUTAGE
            ? "A quorum of observers saw " + i.front() + " DOWN in " + rounds + "."
            : "Observers in "
                + String.join(", ", i.networks())
                + " saw "
                + i.front()
                + " DOWN in "
                + rounds
                + ", without a quorum agreeing.";
    return new Entry(
        "tag:peerprobe.org,2025:"
            + s.bundle().networkId()
            + ":incident:"
            + i.front()
            + ":"
            + i.kind().name().toLowerCase(java.util.Locale.ROOT)
            + ":"
            + i.firstRound(),
        endMs,
        title,
        summary,
        "/v1/fronts/" + i.front() + "/rounds?from=" + i.firstRound() + "&to=" + i.lastRound());
  }

  private static String xml(LiveState s, String base, long nowMs, List<Entry> entries) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("feed");
      w.writeDefaultNamespace("http://www.w3.org/2005/Atom");
      element(w, "id", "tag:peerprobe.org,2025:" + s.bundle().networkId());
      element(w, "title", "peerprobe: " + s.bundle().networkId());
      element(
          w,
          "updated",
          Instant.ofEpochMilli(entries.isEmpty() ? nowMs : entries.get(0).updatedMs()).toString());
      link(w, base + "/feed.atom", "self");
      link(w, base + "/", "alternate");
      w.writeStartElement("author");
      element(w, "name", "peerprobe node " + s.peerId());
      w.writeEndElement();
      for (Entry e : entries) {
        w.writeStartElement("entry");
        element(w, "id", e.id());
        element(w, "title", e.title());
        element(w, "updated", Instant.ofEpochMilli(e.updatedMs()).toString());
        link(w, base + e.link(), "alternate");
        element(w, "summary", e.summary());
        w.writeEndElement();
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML to a string cannot fail", e);
    }
    return out.toString();
  }

  private static void element(XMLStreamWriter w, String name, String text)
      throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  private static void link(XMLStreamWriter w, String href, String rel) throws XMLStreamException {
    w.writeEmptyElement("link");
    w.writeAttribute("rel", rel);
    w.writeAttribute("href", href);
  }
}
