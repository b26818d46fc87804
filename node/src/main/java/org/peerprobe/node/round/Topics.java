package org.peerprobe.node.round;

/** The gossip topics of one peerprobe network. Immutable. */
public record Topics(
    String reports,
    String certificates,
    String decisions,
    String bundle,
    String commands,
    String receipts) {
  public static Topics of(String networkId) {
    String base = "/peerprobe/" + networkId + "/";
    return new Topics(
        base + "reports/1",
        base + "certificates/1",
        base + "decisions/1",
        base + "bundle/1",
        base + "commands/1",
        base + "receipts/1");
  }
}
