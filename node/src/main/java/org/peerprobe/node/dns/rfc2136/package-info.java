/**
 * The RFC 2136 provider: a zone on any primary that takes TSIG-signed dynamic updates (BIND 9,
 * Knot, PowerDNS), through dnsjava. {@link org.peerprobe.node.dns.rfc2136.Rfc2136Config} says where
 * and with which key; {@link org.peerprobe.node.dns.rfc2136.Rfc2136Provider} reads RRsets with
 * signed queries and replaces them with one signed update per write, its preconditions checked by
 * the server as RFC 2136 prerequisites.
 */
package org.peerprobe.node.dns.rfc2136;
