/**
 * Shared test fixtures, published in the consensus test-jar: deterministic keys, rosters and signed
 * reports, so every module's tests and the benchmarks build the same networks.
 */
package org.peerprobe.consensus.testing;
