package org.peerprobe.node.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * One answer of the feed: status, media type, body and how long caches may keep it.
 *
 * @param status the HTTP status
 * @param contentType the media type with its charset
 * @param body the bytes
 * @param cache the caching rule ({@code docs/feed.md})
 */
public record FeedResponse(int status, String contentType, byte[] body, Cache cache) {
  public static final String JSON = "application/json; charset=utf-8";

  /**
   * Writes the feed's views. Not the canonical encoder: views are not signed, and hold fractions
   * (agreement shares) that signed data never does. Signed objects inside them keep their fields.
   */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** How long caches may keep an answer. */
  public enum Cache {
    /** Content-addressed evidence: never changes. */
    IMMUTABLE("public, max-age=31536000, immutable"),
    /** Live state: briefly, revalidated with the ETag. */
    LIVE("public, max-age=2"),
    /** Static page assets. */
    STATIC("public, max-age=300"),
    /** Streams, metrics and errors. */
    NO_STORE("no-store");

    private final String header;

    Cache(String header) {
      this.header = header;
    }

    public String header() {
      return header;
    }
  }

  public static FeedResponse json(JsonNode node, Cache cache) {
    return new FeedResponse(200, JSON, bytes(node), cache);
  }

  /** A fresh object node for a view. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Bytes that already are canonical JSON (stored evidence). */
  public static FeedResponse jsonBytes(byte[] json, Cache cache) {
    return new FeedResponse(200, JSON, json, cache);
  }

  public static FeedResponse text(String contentType, String body, Cache cache) {
    return new FeedResponse(200, contentType, body.getBytes(StandardCharsets.UTF_8), cache);
  }

  /** The JSON error body every refusal carries. */
  public static FeedResponse error(int status, String code, String message) {
    ObjectNode o = object();
    o.put("error", code);
    o.put("message", message);
    return new FeedResponse(status, JSON, bytes(o), Cache.NO_STORE);
  }
}
