/**
 * {@code ./peerprobe bench}: one run that measures peerprobe and a single-observer baseline side by
 * side (time to failover, false failovers, scale, footprint), prints one table and rewrites the
 * comparison section of {@code docs/benchmarks.md}. Every figure comes from the run that prints it.
 */
package org.peerprobe.bench.compare;
