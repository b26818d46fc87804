package org.peerprobe.node.signer;

import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;

/**
 * What a router's DNS should say after a decision: {@code name} CNAME {@code target}, fenced by the
 * decision's seq and id.
 *
 * @param router the router's name in the bundle
 * @param name the router record, absolute (e.g. {@code www.example.com.})
 * @param target the active front's hostname, absolute (e.g. {@code cdn2.example.net.})
 * @param ttl the router record's TTL
 * @param fence the decision's seq and id
 */
public record RouterTarget(String router, String name, String target, long ttl, Fence fence) {
  public RouterTarget {
    if (!name.endsWith(".") || !target.endsWith(".")) {
      throw new IllegalArgumentException("router name and target must be absolute: " + name);
    }
  }

  public RecordKey cnameKey() {
    return RecordKey.of(name, "CNAME");
  }

  public RecordSet cname() {
    return RecordSet.of(name, "CNAME", ttl, target);
  }

  public RecordSet fenceRecord() {
    return fence.record(name, ttl);
  }
}
