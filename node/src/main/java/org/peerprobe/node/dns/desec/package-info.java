/**
 * deSEC (desec.io) as a {@link org.peerprobe.node.dns.DnsProvider}: RRsets read with {@code GET
 * /api/v1/domains/{domain}/rrsets/{subname}/{type}/} and written with one bulk {@code PATCH
 * /api/v1/domains/{domain}/rrsets/} per write (all or nothing, one request against the write rate
 * limit), {@code Authorization: Token <secret>}. The domain's {@code minimum_ttl} is read before
 * the first call and enforced before every write, so a TTL deSEC would refuse fails the plan, not
 * the second of two provider writes.
 */
package org.peerprobe.node.dns.desec;
