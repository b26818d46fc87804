/**
 * What the HTTP-API DNS providers (PowerDNS, Cloudflare, deSEC) share, written once: {@link
 * org.peerprobe.node.dns.http.ProviderHttp} (the JDK's asynchronous {@code HttpClient} with a
 * per-call timeout, bounded response bodies and the mapping of HTTP statuses and transport failures
 * to {@link org.peerprobe.node.dns.ProviderException}s, with credentials redacted from every echoed
 * body), {@link org.peerprobe.node.dns.http.RetryAfter}, {@link
 * org.peerprobe.node.dns.http.ZoneText} (values in zone-file form: TXT quoting, absolute targets),
 * {@link org.peerprobe.node.dns.http.WriteChecks} (the checks every write passes before it is sent:
 * zone, TTL bounds, read-check-write preconditions) and {@link
 * org.peerprobe.node.dns.http.HttpDnsProvider}, the skeleton the three providers fill in.
 *
 * <p>Threading: nothing here blocks; futures complete on each provider's own small executor, never
 * on a Netty event loop. Memory: a response body is held only up to {@link
 * org.peerprobe.node.dns.http.ProviderHttp#MAX_BODY_BYTES}; a longer one fails the call before any
 * parsing.
 */
package org.peerprobe.node.dns.http;
