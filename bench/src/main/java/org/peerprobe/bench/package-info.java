/** JMH benchmarks; run by the command in docs/benchmarks.md, never part of the test run. */
package org.peerprobe.bench;
