package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;

/**
 * One router of the network bundle: its failover rules and the TTL of the CNAME the signer writes.
 *
 * @param policy name, primary and secondary front, streaks, failback mode, cooldown
 * @param ttlSeconds TTL of the router's DNS record, {@value #MIN_TTL_SECONDS}..{@value
 *     #MAX_TTL_SECONDS}
 */
public record Router(RouterPolicy policy, int ttlSeconds) {
  /** Lowest TTL (some providers refuse less than 60 s; that is the signer's concern). */
  public static final int MIN_TTL_SECONDS = 1;

  /** Highest TTL: one day. */
  public static final int MAX_TTL_SECONDS = 86_400;

  public static final int DEFAULT_TTL_SECONDS = 60;

  static final Set<String> FIELDS =
      Set.of(
          "name",
          "primary",
          "secondary",
          "ttlSeconds",
          "downRounds",
          "upRounds",
          "failback",
          "cooldownRounds");

  public Router {
    if (policy == null) {
      throw new IllegalArgumentException("router policy is required");
    }
    if (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(
          "ttlSeconds must be " + MIN_TTL_SECONDS + ".." + MAX_TTL_SECONDS + ": " + ttlSeconds);
    }
  }

  public String name() {
    return policy.name();
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("name", policy.name());
    o.put("primary", policy.primary());
    o.put("secondary", policy.secondary());
    o.put("ttlSeconds", ttlSeconds);
    o.put("downRounds", policy.downRounds());
    o.put("upRounds", policy.upRounds());
    o.put("failback", policy.failback().name());
    o.put("cooldownRounds", policy.cooldownRounds());
    return o;
  }

  static Router read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    String name = f.text("name", 63, Ids.NAME, Ids.NAME_DESCRIPTION);
    String primary = f.text("primary", 63, Ids.NAME, Ids.NAME_DESCRIPTION);
    String secondary = f.text("secondary", 63, Ids.NAME, Ids.NAME_DESCRIPTION);
    int ttl = (int) f.integer("ttlSeconds", MIN_TTL_SECONDS, MAX_TTL_SECONDS);
    int down = (int) f.integer("downRounds", 1, RouterPolicy.MAX_STREAK_ROUNDS);
    int up = (int) f.integer("upRounds", 1, RouterPolicy.MAX_STREAK_ROUNDS);
    FailbackMode failback = f.enumValue("failback", FailbackMode.class);
    int cooldown = (int) f.integer("cooldownRounds", 0, RouterPolicy.MAX_COOLDOWN_ROUNDS);
    return f.construct(
        () ->
            new Router(
                RouterPolicy.builder(name, primary, secondary)
                    .downRounds(down)
                    .upRounds(up)
                    .failback(failback)
                    .cooldownRounds(cooldown)
                    .build(),
                ttl));
  }
}
