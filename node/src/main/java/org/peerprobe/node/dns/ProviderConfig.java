package org.peerprobe.node.dns;

/** What every provider's configuration has: its configured id and the zone it serves. */
public interface ProviderConfig {
  /** The configured id, unique within one list. */
  String id();

  /** The zone, absolute and lower-case with the trailing dot. */
  String zone();
}
