/**
 * The node's metrics in Micrometer, scraped in Prometheus text format from the feed's {@code
 * /metrics}. Fed by the node's events and the signer's write outcomes; gauges read values sampled
 * on their owners' threads, never live mutable state.
 */
package org.peerprobe.node.metrics;
