/**
 * The public health feed: a read-only Netty HTTP server on the node's feed address serving the JSON
 * API, Server-Sent Events, Atom, badges, Prometheus metrics and the status page, all from what this
 * node has itself verified ({@code docs/feed.md} is the contract).
 *
 * <p>Threads: requests are parsed and answered on Netty's event loops; data comes from the store's
 * futures and from {@link org.peerprobe.node.feed.LiveState}, an immutable snapshot that one writer
 * (the node service's thread, through {@link org.peerprobe.node.feed.LiveTracker}) replaces. The
 * feed never writes to the store or the network.
 */
package org.peerprobe.node.feed;
