/**
 * A deterministic, seeded simulation of a peerprobe network that runs the real consensus code —
 * {@code RoundReport}/{@code SignedReport}, {@code ReportValidator}, the node's {@code TallyBook}
 * and {@code RoundClock}, {@code CertificateVerifier}, {@code FailoverMachine}, {@code
 * DecisionChain} — on virtual time ({@link org.peerprobe.node.sim.VirtualTime}) over a simulated
 * network ({@link org.peerprobe.node.sim.SimNetwork}): no threads, no sockets, no wall clock.
 *
 * <p>What is simulated, not run: probing (a {@link org.peerprobe.node.sim.Scenario} says what each
 * observer sees), gossip (every message goes straight to every reachable node after a seeded
 * latency; a partition cuts links), and the decision-log sync a node runs when a peer reconnects.
 * Nodes share one signature memo: verifying a signature twice gives the same answer, so sharing it
 * saves CPU without changing any outcome. Everything random is drawn from the scenario's seed, so a
 * run is repeatable to the event.
 *
 * <p>{@link org.peerprobe.node.sim.Simulation} runs a scenario; {@link
 * org.peerprobe.node.sim.SingleObserverBaseline} replays what one observer of the same world would
 * have made a cron failover script do. Used by the fault-injection tests and by the benchmark's
 * false-failover rows.
 */
package org.peerprobe.node.sim;
