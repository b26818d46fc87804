/**
 * The running node: every round it probes every front, signs one report and publishes it; it
 * validates the reports and certificates its peers gossip, tallies them, publishes a certificate
 * when it is the first to see a quorum, and follows each router's failover machine. It also follows
 * the signers' decisions ({@code DecisionFlow}), takes the operator's commands, and keeps the
 * signers' apply receipts of what each DNS provider did ({@code ReceiptFlow}). A signer that syncs
 * its decision log after a start holds its signing until then ({@code SigningGate}): the switches
 * made meanwhile are signed once it opens, unless the router moved to the network's branch.
 *
 * <p>Threading: all node state (tally book, failover states, own seqno) has one writer, the node's
 * {@link org.peerprobe.p2p.core.Scheduler}; gossip validators and probe results hop onto it.
 * Signature checks therefore never run on a network event loop.
 */
package org.peerprobe.node.service;
