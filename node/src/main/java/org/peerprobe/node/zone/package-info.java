/**
 * Zone sync: keep the records declared in a zone file ({@code zone.yaml}) on every DNS provider of
 * the zone, like octoDNS and DNSControl, but never touching a record the file does not declare (no
 * deletes).
 *
 * <ul>
 *   <li>{@link org.peerprobe.node.zone.ZoneSpec}: the declared zone, checked against {@link
 *       org.peerprobe.node.zone.ZoneRules} (names in the zone, no CNAME at the apex or beside other
 *       data, absolute targets) before any provider is contacted.
 *   <li>{@link org.peerprobe.node.zone.ZonePlanner}: reads every provider concurrently into a
 *       {@link org.peerprobe.node.zone.ZonePlan}: per provider, creates and updates, or the
 *       problems that provider has with the file (a TTL below its minimum: anchors.md defect 1), or
 *       why it could not be read.
 *   <li>{@link org.peerprobe.node.zone.ZoneApplier}: writes every provider concurrently; one
 *       failing provider never stops the others (anchors.md defect 3).
 *   <li>{@link org.peerprobe.node.zone.ZoneSync}: plan, refuse (problems, safety fraction), apply;
 *       {@link org.peerprobe.node.zone.PlanPrinter} prints the outcome.
 * </ul>
 *
 * <p>A problem at any provider stops the whole apply before anything is written, so that providers
 * never disagree because of the file; a provider that cannot be reached is reported and skipped,
 * and the next run brings it up to date. A CNAME the peerprobe signer switches (its {@code
 * _peerprobe} fence exists) is never updated by zone sync.
 *
 * <p>Threading: planning and applying run on the providers' own threads; the classes here hold no
 * shared mutable state and are thread-safe.
 */
package org.peerprobe.node.zone;
