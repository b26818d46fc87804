package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.peerprobe.node.dns.emulator.EmulatorServer.Response;

/**
 * Cloudflare v4's response envelope: {@code {success, errors:[{code, message, error_chain}],
 * messages, result}}, with {@code result_info} on lists.
 */
final class CloudflareEnvelope {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = EmulatorServer.JSON;

  private CloudflareEnvelope() {}

  static ObjectNode envelope(boolean success) {
    ObjectNode o = JSON.createObjectNode().put("success", success);
    o.putArray("errors");
    o.putArray("messages");
    return o;
  }

  static Response ok(JsonNode result) {
    ObjectNode o = envelope(true);
    o.set("result", result);
    return Response.of(200, o);
  }

  static Response list(ArrayNode result, int page, int perPage, int total) {
    ObjectNode o = envelope(true);
    o.set("result", result);
    ObjectNode info = o.putObject("result_info");
    info.put("page", page).put("per_page", perPage).put("count", result.size());
    info.put("total_count", total).put("total_pages", Math.max(1, (total + perPage - 1) / perPage));
    return Response.of(200, o);
  }

  static Response error(
      int status, int code, String message, Integer chainCode, String chainMessage) {
    return Response.of(status, errorBody(code, message, chainCode, chainMessage));
  }

  static ObjectNode errorBody(int code, String message, Integer chainCode, String chainMessage) {
    ObjectNode o = envelope(false);
    ObjectNode e = o.withArray("errors").addObject().put("code", code).put("message", message);
    if (chainCode != null) {
      e.putArray("error_chain").addObject().put("code", chainCode).put("message", chainMessage);
    }
    o.putNull("result");
    return o;
  }
}
