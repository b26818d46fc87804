/**
 * In-memory emulators of the Cloudflare v4 and deSEC DNS APIs on {@code 127.0.0.1} (ephemeral port,
 * the JDK's {@code HttpServer}), written from the providers' public documentation: their
 * authentication and error bodies, rate limits with {@code Retry-After}, validation (deSEC's
 * minimum TTL, CNAME rules), Cloudflare's PUT-vs-PATCH semantics and {@code proxied} flag. Each
 * keeps an inspectable zone ({@code observe}), a log of the requests it received, and fault
 * injection for the next requests (500, a hang, 429). What each leaves out is listed in its class
 * comment.
 */
package org.peerprobe.node.dns.emulator;
