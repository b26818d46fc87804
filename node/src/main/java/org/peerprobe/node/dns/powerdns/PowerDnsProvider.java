package org.peerprobe.node.dns.powerdns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * A zone on a PowerDNS Authoritative server, through its HTTP API (verified against 4.7). A read
 * asks for one RRset ({@code rrset_name}, {@code rrset_type}; a server that ignores the filter
 * returns the whole zone, which is filtered here, within {@link ProviderHttp#MAX_BODY_BYTES}). A
 * write is one {@code PATCH} replacing every RRset of the write at once (PowerDNS applies it in one
 * transaction). PowerDNS has no rate limit of its own; a proxy's 429 is still honoured.
 */
public final class PowerDnsProvider extends HttpDnsProvider {
  /** Wait assumed when a 429 carries no {@code Retry-After}. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private final URI zoneUri;

  public PowerDnsProvider(PowerDnsConfig config) {
    this(config, Clock.systemUTC());
  }

  public PowerDnsProvider(PowerDnsConfig config, Clock clock) {
    super(
        config.zone(),
        new ProviderHttp(config.id(), config.apiKey(), "X-API-Key", "", config.timeout(), clock));
    String base = config.baseUrl().toString().replaceAll("/+$", "");
    this.zoneUri =
        URI.create(
            base
                + "/api/v1/servers/"
                + encode(config.serverId())
                + "/zones/"
                + encode(config.zone()));
  }

  @Override
  public ProviderLimits limits() {
    return ProviderLimits.unlimited(false);
  }

  @Override
  protected CompletableFuture<Optional<RecordSet>> fetch(RecordKey key) {
    URI uri =
        URI.create(
            zoneUri
                + "?rrsets=true&rrset_name="
                + encode(key.name())
                + "&rrset_type="
                + encode(key.type()));
    return http.send(http.request(uri).GET().build())
        .thenApply(
            reply -> {
              if (!reply.ok()) {
                throw failure(reply);
              }
              return rrset(http.parse(reply), key);
            });
  }

  @Override
  protected CompletableFuture<Void> apply(RecordWrite write) {
    ObjectNode body = ProviderHttp.JSON.createObjectNode();
    ArrayNode rrsets = body.putArray("rrsets");
    for (RecordSet r : write.upserts()) {
      ObjectNode o = rrsets.addObject();
      o.put("name", r.key().name());
      o.put("type", r.key().type());
      o.put("ttl", r.ttl());
      o.put("changetype", "REPLACE");
      ArrayNode records = o.putArray("records");
      for (String v : r.values()) {
        records
            .addObject()
            .put("content", ZoneText.encode(r.key().type(), v))
            .put("disabled", false);
      }
    }
    return http.send(http.jsonRequest("PATCH", zoneUri, body))
        .thenAccept(
            reply -> {
              if (!reply.ok()) {
                throw failure(reply);
              }
            });
  }

  private Optional<RecordSet> rrset(JsonNode zone, RecordKey key) {
    for (JsonNode s : zone.path("rrsets")) {
      if (!key.name().equals(s.path("name").asText())
          || !key.type().equals(s.path("type").asText())) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (JsonNode r : s.path("records")) {
        if (!r.path("disabled").asBoolean(false)) {
          values.add(fromZoneText(key, r.path("content").asText()));
        }
      }
      return values.isEmpty()
          ? Optional.empty()
          : Optional.of(new RecordSet(key, s.path("ttl").asLong(), values));
    }
    return Optional.empty();
  }

  /** PowerDNS's {@code {"error": "..."}}, else the body's text. */
  private ProviderException failure(HttpReply reply) {
    String detail = reply.text();
    try {
      JsonNode error = ProviderHttp.JSON.readTree(reply.body()).path("error");
      if (error.isTextual()) {
        detail = error.asText();
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not JSON: keep the text
    }
    return http.failure(reply, detail, DEFAULT_RETRY_AFTER);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
