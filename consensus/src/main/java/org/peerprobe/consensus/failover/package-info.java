/**
 * The failover state machine of one router and the hash-chained log of its decisions.
 *
 * <p>{@link org.peerprobe.consensus.failover.FailoverMachine} is a pure function from a state and
 * an input (a verified certificate, or an operator's manual failback) to the next state and at most
 * one {@link org.peerprobe.consensus.model.Decision}. Time is the round number carried by the
 * evidence. {@link org.peerprobe.consensus.failover.DecisionChain} checks a sequence of signed
 * decisions for gaps, forks and replays; it is mutable with one writer.
 */
package org.peerprobe.consensus.failover;
