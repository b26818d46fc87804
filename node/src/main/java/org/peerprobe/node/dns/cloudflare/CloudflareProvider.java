package org.peerprobe.node.dns.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

/**
 * A zone at Cloudflare (API v4, API token). A read lists the records of one name and type ({@code
 * GET /zones/{id}/dns_records?type=&name=}, following pages up to {@link #MAX_PAGES}). A write
 * reads every RRset it replaces the same way, plans the record operations that turn each into the
 * desired one ({@link CloudflareRrset#plan}, always {@code proxied: false}) and sends them all in
 * ONE {@code POST /zones/{id}/dns_records/batch}: Cloudflare runs a batch in one database
 * transaction and, when any operation fails, changes nothing and answers with that operation's
 * error, so the router CNAME and its fence TXT change together or not at all. Propagation to
 * Cloudflare's edge is still per record (developers.cloudflare.com/dns/manage-dns-records/how-to/
 * batch-record-changes; API reference "Batch DNS Records"). A write needing no operation sends
 * nothing; one needing more than {@link #MAX_BATCH_OPERATIONS} (a large zone apply, never the
 * router write) goes as several batches, each all or nothing. Errors: the envelope's {@code
 * errors[]} codes 6003, 9103, 9109, 10000 (bad or insufficient token) are {@code AuthFailed}
 * whatever the status; otherwise the status decides (see {@link ProviderHttp#failure}).
 */
public final class CloudflareProvider extends HttpDnsProvider {
  /** Smallest TTL of a DNS-only record (1, "automatic", is not written by this adapter). */
  public static final long MINIMUM_TTL = 60;

  public static final long MAXIMUM_TTL = 86_400;

  /** Records asked for per page; far above {@link RecordSet#MAX_VALUES}. */
  public static final int PER_PAGE = 100;

  /** Most pages read for one RRset. */
  public static final int MAX_PAGES = 5;

  /**
   * Most record operations one batch may hold on Cloudflare's Free plan (paid plans: 3,500;
   * developers.cloudflare.com "Batch record changes", availability and limits). A write needing
   * more goes as several batches split between RRsets (see {@link #sendBatches}). An RRset needs at
   * most {@code max(values, existing records)} operations, so the signer's router write (a CNAME
   * and its fence TXT) needs at most 2 and is always one batch.
   */
  public static final int MAX_BATCH_OPERATIONS = 200;

  /** Cloudflare blocks for five minutes once its limit is hit; assumed without retry-after. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(5);

  /** Error codes that mean the token is wrong or lacks a permission. */
  public static final Set<Integer> AUTH_ERROR_CODES = Set.of(6003, 9103, 9109, 10000);

  private final String base;
  private final CloudflareConfig config;
  private final AtomicReference<CompletableFuture<String>> zoneId = new AtomicReference<>();

  public CloudflareProvider(CloudflareConfig config) {
    this(config, Clock.systemUTC());
  }

  public CloudflareProvider(CloudflareConfig config, Clock clock) {
    super(
        config.zone(),
        new ProviderHttp(
            config.id(), config.token(), "Authorization", "Bearer ", config.timeout(), clock));
    this.config = config;
    this.base = config.baseUrl().toString().replaceAll("/+$", "");
    config.zoneId().ifPresent(id -> zoneId.set(CompletableFuture.completedFuture(id)));
  }

  @Override
  public ProviderLimits limits() {
    return new ProviderLimits(MINIMUM_TTL, MAXIMUM_TTL, false, Optional.empty(), Optional.empty());
  }

  @Override
  protected CompletableFuture<Void> ready() {
    CompletableFuture<String> current = zoneId.get();
    if (current == null || current.isCompletedExceptionally()) {
      CompletableFuture<String> fresh = lookUpZoneId();
      current = zoneId.compareAndSet(current, fresh) ? fresh : zoneId.get();
    }
    return current.thenApply(id -> null);
  }

  private CompletableFuture<String> lookUpZoneId() {
    String name = zone().substring(0, zone().length() - 1);
    return call(http.request(URI.create(base + "/zones?name=" + encode(name))).GET(), null)
        .thenApply(
            body -> {
              JsonNode first = body.path("result").path(0);
              if (!first.path("id").isTextual()) {
                throw new ProviderException.Rejected(id(), "no zone " + name + " for this token");
              }
              return first.path("id").asText();
            });
  }

  /** The records URL; only called once {@link #ready()} has completed. */
  private String records() {
    String id = zoneId.get().getNow(null);
    if (id == null) {
      throw new IllegalStateException("zone id not known yet");
    }
    return base + "/zones/" + id + "/dns_records";
  }

  @Override
  protected CompletableFuture<Optional<RecordSet>> fetch(RecordKey key) {
    return list(key, 1, new ArrayList<>()).thenApply(rs -> CloudflareRrset.toRecordSet(key, rs));
  }

  private CompletableFuture<List<JsonNode>> list(RecordKey key, int page, List<JsonNode> found) {
    String query =
        "?type="
            + key.type()
            + "&name="
            + encode(CloudflareRrset.wireName(key))
            + "&per_page="
            + PER_PAGE
            + "&page="
            + page;
    return call(http.request(URI.create(records() + query)).GET(), key.toString())
        .thenCompose(
            body -> {
              for (JsonNode r : body.path("result")) {
                // the name filter is exact, but never trust it with a write that deletes
                if (key.type().equals(r.path("type").asText())
                    && CloudflareRrset.wireName(key).equalsIgnoreCase(r.path("name").asText())) {
                  found.add(r);
                }
              }
              int pages = body.path("result_info").path("total_pages").asInt(1);
              if (page >= pages) {
                return CompletableFuture.completedFuture(found);
              }
              if (page >= MAX_PAGES) {
                throw new ProviderException.Unavailable(
                    id(), key + ": more than " + MAX_PAGES + " pages of records", null);
              }
              return list(key, page + 1, found);
            });
  }

  @Override
  protected CompletableFuture<Void> apply(RecordWrite write) {
    for (RecordSet r : write.upserts()) {
      if (!CloudflareRrset.TYPES.contains(r.key().type())) {
        return CompletableFuture.failedFuture(
            new ProviderException.Rejected(
                id(), r.key() + ": type not supported by this adapter: " + r.key().type()));
      }
    }
    // one RRset read at a time, as before batching: a write's reads stay gentle on the rate limit
    List<List<CloudflareRrset.Op>> perRrset = new ArrayList<>();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (RecordSet r : write.upserts()) {
      chain =
          chain
              .thenCompose(v -> list(r.key(), 1, new ArrayList<>()))
              .thenAccept(existing -> perRrset.add(CloudflareRrset.plan(r, existing)));
    }
    return chain.thenCompose(v -> sendBatches(write, perRrset));
  }

  /**
   * Sends the operations as few batches as {@link #MAX_BATCH_OPERATIONS} allows, in order, never
   * splitting an RRset: one batch (all or nothing) whenever they fit, which the signer's router
   * write always does; a large zone apply goes as several, each all or nothing, and a failure stops
   * the rest.
   */
  private CompletableFuture<Void> sendBatches(
      RecordWrite write, List<List<CloudflareRrset.Op>> perRrset) {
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < perRrset.size(); i++) {
      List<CloudflareRrset.Op> ops = perRrset.get(i);
      String name = write.upserts().get(i).key().toString();
      if (ops.size() > MAX_BATCH_OPERATIONS) {
        return CompletableFuture.failedFuture(
            new ProviderException.Rejected(
                id(),
                name
                    + ": "
                    + ops.size()
                    + " record operations for one RRset, more than the "
                    + MAX_BATCH_OPERATIONS
                    + " one Cloudflare batch may hold on the Free plan; nothing was sent (the"
                    + " zone's to fix: remove the extra records of this name and type by hand)"));
      }
      if (ops.isEmpty()) {
        continue;
      }
      Batch last = batches.isEmpty() ? null : batches.get(batches.size() - 1);
      if (last == null || last.ops().size() + ops.size() > MAX_BATCH_OPERATIONS) {
        last = new Batch(new ArrayList<>(), new ArrayList<>());
        batches.add(last);
      }
      last.ops().addAll(ops);
      last.rrsets().add(name);
    }
    CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
    for (Batch b : batches) {
      sent = sent.thenCompose(v -> sendBatch(b.ops(), String.join(", ", b.rrsets())));
    }
    return sent;
  }

  /** The operations of one batch request and the RRsets they replace (for error messages). */
  private record Batch(List<CloudflareRrset.Op> ops, List<String> rrsets) {}

  private CompletableFuture<Void> sendBatch(List<CloudflareRrset.Op> ops, String what) {
    HttpRequest.Builder b =
        http.request(URI.create(records() + "/batch"))
            .POST(ProviderHttp.json(CloudflareRrset.batchBody(ops)))
            .header("Content-Type", "application/json");
    return call(b, what).thenApply(body -> null);
  }

  /** Sends; the envelope when {@code success}, else the failure named after {@code what}. */
  private CompletableFuture<JsonNode> call(HttpRequest.Builder request, String what) {
    return http.send(request.build())
        .thenApply(
            reply -> {
              JsonNode body = reply.ok() ? http.parse(reply) : null;
              if (body != null && body.path("success").asBoolean(false)) {
                return body;
              }
              throw failure(reply, what);
            });
  }

  private ProviderException failure(HttpReply reply, String what) {
    List<String> errors = new ArrayList<>();
    boolean auth = false;
    try {
      for (JsonNode e : ProviderHttp.JSON.readTree(reply.body()).path("errors")) {
        auth |= AUTH_ERROR_CODES.contains(e.path("code").asInt());
        StringBuilder s = new StringBuilder().append(e.path("code").asInt()).append(' ');
        s.append(e.path("message").asText());
        for (JsonNode c : e.path("error_chain")) {
          s.append(" (").append(c.path("code").asInt()).append(' ');
          s.append(c.path("message").asText()).append(')');
        }
        errors.add(s.toString());
      }
    } catch (java.io.IOException | RuntimeException e) {
      errors.add(reply.text());
    }
    String detail = (what == null ? "" : what + ": ") + String.join("; ", errors);
    if (auth) {
      return new ProviderException.AuthFailed(
          id(),
          "credentials refused; "
              + reply.method()
              + " "
              + reply.path()
              + ": "
              + http.redact(detail));
    }
    if (reply.ok()) {
      return new ProviderException.Rejected(id(), "success:false: " + http.redact(detail));
    }
    return http.failure(reply, detail, DEFAULT_RETRY_AFTER);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "CloudflareProvider["
        + id()
        + " "
        + zone()
        + " zone id "
        + config.zoneId().orElse("(by name)")
        + "]";
  }
}
