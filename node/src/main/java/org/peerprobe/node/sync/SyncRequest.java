package org.peerprobe.node.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.model.Ids;
import org.peerprobe.consensus.validation.Validated;

/**
 * A request of the sync protocol: the asker's stored decisions of {@code router} after {@code
 * afterSeq}, at most {@code limit}. Travels as canonical JSON, {@code
 * {"afterSeq":0,"limit":64,"networkId":"…","router":"…"}}.
 */
public record SyncRequest(String networkId, String router, long afterSeq, int limit) {
  private static final Set<String> FIELDS = Set.of("networkId", "router", "afterSeq", "limit");

  public SyncRequest {
    if (networkId == null || !Ids.NAME.matcher(networkId).matches()) {
      throw new IllegalArgumentException("networkId must be " + Ids.NAME_DESCRIPTION);
    }
    if (router == null || !Ids.NAME.matcher(router).matches()) {
      throw new IllegalArgumentException("router must be " + Ids.NAME_DESCRIPTION);
    }
    if (afterSeq < 0 || afterSeq > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("afterSeq must be 0.." + CanonicalJson.MAX_SAFE_INTEGER);
    }
    if (limit < 1 || limit > SyncProtocol.MAX_DECISIONS_PER_RESPONSE) {
      throw new IllegalArgumentException(
          "limit must be 1.." + SyncProtocol.MAX_DECISIONS_PER_RESPONSE);
    }
  }

  public byte[] encode() {
    ObjectNode o = CanonicalJson.object();
    o.put("afterSeq", afterSeq);
    o.put("limit", limit);
    o.put("networkId", networkId);
    o.put("router", router);
    return CanonicalJson.encode(o);
  }

  /** Decodes untrusted bytes (at most {@link SyncProtocol#MAX_REQUEST_BYTES}); never throws. */
  public static Validated<SyncRequest> decode(byte[] bytes) {
    return Decoding.decode(bytes, SyncProtocol.MAX_REQUEST_BYTES, "syncRequest", SyncRequest::read);
  }

  private static SyncRequest read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    return f.construct(
        () ->
            new SyncRequest(
                f.text("networkId", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.text("router", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.integer("afterSeq", 0, CanonicalJson.MAX_SAFE_INTEGER),
                (int) f.integer("limit", 1, SyncProtocol.MAX_DECISIONS_PER_RESPONSE)));
  }
}
