/**
 * The PowerDNS Authoritative HTTP API as a {@link org.peerprobe.node.dns.DnsProvider}: one zone on
 * one server, RRsets read with {@code GET .../zones/<zone>?rrset_name=&rrset_type=} and replaced
 * with {@code PATCH} ({@code changetype: REPLACE}, all RRsets of a write in one atomic request),
 * the key in {@code X-API-Key}. Preconditions are read-check-write.
 */
package org.peerprobe.node.dns.powerdns;
