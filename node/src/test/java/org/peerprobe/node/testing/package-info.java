/**
 * Test fixtures for the node, reusable by other tests and the demo: {@link
 * org.peerprobe.node.testing.TestFront} (a real HTTP/HTTPS front on loopback whose behaviour is
 * switched at runtime), {@link org.peerprobe.node.testing.TestPki} (a BouncyCastle test CA with
 * valid, expired, wrong-name and self-signed certificates) and {@link
 * org.peerprobe.node.testing.TestDns} (a UDP DNS responder on loopback built on dnsjava's message
 * classes). All bind to {@code 127.0.0.1} on ephemeral ports, run on the caller's Netty event-loop
 * group and never use the real network. {@link org.peerprobe.node.testing.BindServer} runs a real
 * BIND 9 {@code named} on a free loopback port, for the DNS provider contract. {@link
 * org.peerprobe.node.testing.Chromium} drives a headless Debian Chromium over the DevTools
 * protocol, for the status page.
 */
package org.peerprobe.node.testing;
