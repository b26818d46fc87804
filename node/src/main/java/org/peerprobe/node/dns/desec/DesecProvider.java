package org.peerprobe.node.dns.desec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.ProviderLimits;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.http.HttpDnsProvider;
import org.peerprobe.node.dns.http.HttpReply;
import org.peerprobe.node.dns.http.ProviderHttp;
import org.peerprobe.node.dns.http.ZoneText;

/**
 * A domain at deSEC. Before its first read or write the provider reads the domain ({@code GET
 * /domains/{domain}/}) for its {@code minimum_ttl}; until that read has succeeded {@link #limits()}
 * reports {@link #DEFAULT_MINIMUM_TTL}, desec.io's value, because over-estimating the minimum only
 * refuses a plan that deSEC might have accepted, while under-estimating it lets a failover change
 * one provider and fail on deSEC (anchors.md defect 1). A failed domain read is retried by the next
 * call. Writes are one bulk PATCH each; 400 field errors become {@code Rejected} naming the RRset
 * and deSEC's message (e.g. "ttl: Ensure this value is greater than or equal to 3600.").
 */
public final class DesecProvider extends HttpDnsProvider {
  /** The minimum TTL assumed until the domain has been read (desec.io's default). */
  public static final long DEFAULT_MINIMUM_TTL = 3600;

  /** deSEC's largest TTL (one week). */
  public static final long MAXIMUM_TTL = 604_800;

  /** deSEC's RRset write budget per domain ({@code dns_api_per_domain_expensive}). */
  public static final int WRITES_PER_MINUTE = 15;

  public static final int WRITES_PER_HOUR = 100;

  /** Wait assumed when a 429 carries no {@code Retry-After}. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  private final String domainUrl;
  private final AtomicReference<CompletableFuture<Void>> domainRead = new AtomicReference<>();
  private volatile long minimumTtl = DEFAULT_MINIMUM_TTL;

  public DesecProvider(DesecConfig config) {
    this(config, Clock.systemUTC());
  }

  public DesecProvider(DesecConfig config, Clock clock) {
    super(
        config.zone(),
        new ProviderHttp(
            config.id(), config.token(), "Authorization", "Token ", config.timeout(), clock));
    String domain = config.zone().substring(0, config.zone().length() - 1);
    this.domainUrl = config.baseUrl().toString().replaceAll("/+$", "") + "/domains/" + domain + "/";
  }

  @Override
  public ProviderLimits limits() {
    return new ProviderLimits(
        minimumTtl,
        MAXIMUM_TTL,
        false,
        Optional.of(WRITES_PER_MINUTE),
        Optional.of(WRITES_PER_HOUR));
  }

  @Override
  protected CompletableFuture<Void> ready() {
    CompletableFuture<Void> current = domainRead.get();
    if (current != null && !current.isCompletedExceptionally()) {
      return current;
    }
    CompletableFuture<Void> fresh = new CompletableFuture<>();
    if (!domainRead.compareAndSet(current, fresh)) {
      return ready();
    }
    http.send(http.request(URI.create(domainUrl)).GET().build())
        .thenAccept(
            reply -> {
              if (!reply.ok()) {
                throw failure(reply, List.of());
              }
              JsonNode min = http.parse(reply).path("minimum_ttl");
              if (min.isIntegralNumber() && min.asLong() >= 0 && min.asLong() <= MAXIMUM_TTL) {
                minimumTtl = min.asLong();
              }
            })
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                fresh.complete(null);
              } else {
                fresh.completeExceptionally(e);
              }
            });
    return fresh;
  }

  @Override
  protected CompletableFuture<Optional<RecordSet>> fetch(RecordKey key) {
    String sub = key.relativeTo(zone());
    URI uri =
        URI.create(domainUrl + "rrsets/" + (sub.isEmpty() ? "@" : sub) + "/" + key.type() + "/");
    return http.send(http.request(uri).GET().build())
        .thenApply(
            reply -> {
              if (reply.status() == 404) {
                return Optional.empty();
              }
              if (!reply.ok()) {
                throw failure(reply, List.of(key));
              }
              JsonNode rrset = http.parse(reply);
              List<String> values = new ArrayList<>();
              for (JsonNode r : rrset.path("records")) {
                values.add(fromZoneText(key, r.asText()));
              }
              return values.isEmpty()
                  ? Optional.empty()
                  : Optional.of(new RecordSet(key, rrset.path("ttl").asLong(), values));
            });
  }

  @Override
  protected CompletableFuture<Void> apply(RecordWrite write) {
    ArrayNode body = ProviderHttp.JSON.createArrayNode();
    List<RecordKey> keys = new ArrayList<>();
    for (RecordSet r : write.upserts()) {
      keys.add(r.key());
      ObjectNode o = body.addObject();
      o.put("subname", r.key().relativeTo(zone()));
      o.put("type", r.key().type());
      o.put("ttl", r.ttl());
      ArrayNode records = o.putArray("records");
      r.values().forEach(v -> records.add(ZoneText.encode(r.key().type(), v)));
    }
    return http.send(http.jsonRequest("PATCH", URI.create(domainUrl + "rrsets/"), body))
        .thenAccept(
            reply -> {
              if (!reply.ok()) {
                throw failure(reply, keys);
              }
            });
  }

  /**
   * deSEC's explanation: {@code {"detail": ...}}, field errors {@code {"ttl": [...]}}, or for a
   * bulk request one such object per RRset ({@code {}} for the good ones), named by {@code keys}.
   */
  private ProviderException failure(HttpReply reply, List<RecordKey> keys) {
    String detail;
    try {
      detail = describe(ProviderHttp.JSON.readTree(reply.body()), keys);
    } catch (java.io.IOException | RuntimeException e) {
      detail = reply.text();
    }
    return http.failure(reply, detail, DEFAULT_RETRY_AFTER);
  }

  private static String describe(JsonNode body, List<RecordKey> keys) {
    if (body.isArray()) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < body.size(); i++) {
        if (!body.get(i).isEmpty()) {
          String who = i < keys.size() ? keys.get(i).toString() : "item " + i;
          parts.add(who + ": " + describe(body.get(i), List.of()));
        }
      }
      return String.join("; ", parts);
    }
    if (body.path("detail").isTextual()) {
      return body.path("detail").asText();
    }
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      List<String> messages = new ArrayList<>();
      field.getValue().forEach(m -> messages.add(m.isTextual() ? m.asText() : m.toString()));
      parts.add(field.getKey() + ": " + String.join(" ", messages));
    }
    String fields = String.join("; ", parts);
    return keys.size() == 1 ? keys.get(0) + ": " + fields : fields;
  }
}
