package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.peerprobe.node.dns.emulator.EmulatorServer.Response;

/**
 * {@code POST /zones/{zone_id}/dns_records/batch} (developers.cloudflare.com, API reference "Batch
 * DNS Records"; "Batch record changes" for the limits). The body holds optional arrays {@code
 * deletes} ({@code {id}}), {@code patches} ({@code {id, ...fields}}, as PATCH), {@code puts}
 * ({@code {id, ...record}}, as PUT) and {@code posts} (records, as POST); Cloudflare runs them in
 * ONE database transaction, always deletes first, then patches, puts, posts, whatever their order
 * in the body. Each operation is validated exactly as its single-record endpoint validates it,
 * against the zone as the earlier operations left it; the first failure is the batch's answer, in
 * the usual error envelope, and nothing is changed. On success {@code result} holds the four arrays
 * of resulting records (a deleted record as it was).
 *
 * <p>A batch holds at most the zone plan's number of record operations (Free: {@link
 * #FREE_PLAN_LIMIT}; Pro and above 3,500). Cloudflare documents the limit but not the error for
 * exceeding it, nor for a malformed batch: both are answered here with 400 code 9207 "Request body
 * is invalid." (approximate, as is the detail appended to the message).
 */
final class CloudflareBatch {
  /** Record operations one batch may hold on the Free plan. */
  static final int FREE_PLAN_LIMIT = 200;

  /** The body's arrays, in the order Cloudflare executes them. */
  static final List<String> ORDER = List.of("deletes", "patches", "puts", "posts");

  private CloudflareBatch() {}

  /**
   * Runs {@code body} against {@code draft}, which holds the outcome only when the answer is 200:
   * the caller commits it then and drops it otherwise.
   *
   * @param limit the most record operations the zone's plan allows in one batch
   */
  static Response run(CloudflareZone draft, JsonNode body, int limit) {
    Response malformed = check(body, limit);
    if (malformed != null) {
      return malformed;
    }
    ObjectNode result = EmulatorServer.JSON.createObjectNode();
    for (String kind : ORDER) {
      var done = result.putArray(kind);
      for (JsonNode op : body.path(kind)) {
        String id = op.path("id").asText();
        Response r;
        if (kind.equals("deletes")) {
          r = draft.get(id);
          if (r.status() == 200) {
            draft.delete(id);
          }
        } else if (kind.equals("patches")) {
          r = draft.patch(id, op);
        } else if (kind.equals("puts")) {
          r = draft.put(id, op);
        } else {
          r = draft.create(op);
        }
        if (r.status() != 200) {
          return r;
        }
        done.add(r.body().path("result"));
      }
    }
    return CloudflareEnvelope.ok(result);
  }

  /** The answer to a batch that is not one, or holds too many operations; null when fine. */
  private static Response check(JsonNode body, int limit) {
    if (!body.isObject()) {
      return invalid("the batch must be a JSON object");
    }
    int operations = 0;
    for (String kind : ORDER) {
      JsonNode ops = body.path(kind);
      if (ops.isMissingNode() || ops.isNull()) {
        continue;
      }
      if (!ops.isArray()) {
        return invalid(kind + " must be an array");
      }
      for (JsonNode op : ops) {
        if (!op.isObject()) {
          return invalid(kind + " must hold objects");
        }
        if (!kind.equals("posts") && !op.path("id").isTextual()) {
          return invalid("every one of " + kind + " needs an id");
        }
      }
      operations += ops.size();
    }
    if (operations > limit) {
      return invalid(
          "the batch holds "
              + operations
              + " record operations, more than the "
              + limit
              + " the zone's plan allows");
    }
    return null;
  }

  private static Response invalid(String why) {
    return CloudflareEnvelope.error(400, 9207, "Request body is invalid. " + why, null, null);
  }
}
