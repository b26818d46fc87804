/**
 * The bridge between the provider value types ({@link org.peerprobe.node.dns.RecordSet}) and
 * dnsjava's {@link org.xbill.DNS.Record}s, shared by the providers that speak DNS itself: the RFC
 * 2136 provider (wire format) and the zone file provider (master-file format). Presentation forms
 * are dnsjava's, except TXT, which is handled as raw bytes (see {@link
 * org.peerprobe.node.dns.dnsjava.RecordCodec}).
 */
package org.peerprobe.node.dns.dnsjava;
