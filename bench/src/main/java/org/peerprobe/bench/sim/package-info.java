/**
 * The comparison's simulated rows: false failovers of the quorum against a single-observer baseline
 * ({@link org.peerprobe.bench.sim.FalseFailovers}, on the seeded simulation of {@code
 * org.peerprobe.node.sim} from the node's test-jar), and the per-round cost of tally and
 * certificate verification for large rosters ({@link org.peerprobe.bench.sim.Scale}).
 */
package org.peerprobe.bench.sim;
