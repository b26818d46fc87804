/**
 * DNS providers: one interface, {@link org.peerprobe.node.dns.DnsProvider}, over every place a zone
 * can live (an RFC 2136 server, the PowerDNS API, Cloudflare, deSEC, a local zone file), and the
 * value types it speaks: {@link org.peerprobe.node.dns.RecordKey}, {@link
 * org.peerprobe.node.dns.RecordSet}, {@link org.peerprobe.node.dns.Precondition}.
 *
 * <p>A provider reads and replaces whole RRsets of one zone, never anything else: records that were
 * not named in a write are never touched (zone sync and the signer both rely on it). Names are
 * absolute and lower-case with a trailing dot; values are in presentation form (a CNAME target with
 * its trailing dot, TXT as the unquoted character string).
 *
 * <p>Failures are {@link org.peerprobe.node.dns.ProviderException}s whose subclass says whose fault
 * it is (credentials, the request, the provider's load or availability, a failed precondition).
 * Credentials are {@link org.peerprobe.node.dns.Secret}s: no message, log line or {@code toString}
 * ever holds one.
 *
 * <p>Threading: every method returns at once and completes its future on the provider's own I/O
 * threads; providers are thread-safe and independent, so one slow or failing provider never delays
 * another.
 */
package org.peerprobe.node.dns;
