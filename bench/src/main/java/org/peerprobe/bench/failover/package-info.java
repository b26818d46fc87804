/**
 * Time to failover, measured with real parts on loopback: real HTTP fronts, 25 real nodes (keys,
 * libp2p hosts, gossip, probers, node services) in one JVM, a signer writing RFC 2136 to a real
 * BIND, and the CNAME answer polled at BIND by DNS; beside it a single-observer baseline doing what
 * the original failover scripts do, against the same fronts and the same BIND over the same trials.
 * Part of {@code BenchMain}; never part of the test run.
 */
package org.peerprobe.bench.failover;
