/**
 * p2p throughput harnesses (plain {@code main} classes, so that js-libp2p peers can be measured in
 * the same run, round by round, next to the Java stack); run by the commands in docs/benchmarks.md,
 * never part of the test run.
 */
package org.peerprobe.bench.p2p;
