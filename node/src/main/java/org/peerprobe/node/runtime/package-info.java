/**
 * Assembles a volunteer node from its configuration files ({@code node.yaml}, the key file and the
 * signed network bundle): one Netty event-loop group for libp2p and probing, the gossip node with
 * its bootstrap peers, the prober, the SQLite store, and the node service on its own thread.
 */
package org.peerprobe.node.runtime;
