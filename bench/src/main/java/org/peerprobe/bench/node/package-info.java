/**
 * The footprint of one volunteer node (heap, RSS, CPU share) measured from outside its JVM, as a
 * plain {@code main} class run by the command in docs/benchmarks.md, never part of the test run.
 */
package org.peerprobe.bench.node;
