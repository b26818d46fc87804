/**
 * The prober: fetches each configured front once per round, from where this node stands, and turns
 * what it saw into a signed-to-be {@link org.peerprobe.consensus.model.Observation}.
 *
 * <h2>API</h2>
 *
 * {@link org.peerprobe.node.probe.FrontSpec} (one front: id, hostname, URL, expected statuses,
 * optional body text, {@link org.peerprobe.node.probe.PhaseTimeouts}, attempts) and {@link
 * org.peerprobe.node.probe.ProbeConfig} (node-wide: private addresses, resolvers, user agent, round
 * budget, body limit) are validated records with builders. {@link
 * org.peerprobe.node.probe.Prober#probe} returns a future observation; {@link
 * org.peerprobe.node.probe.NettyProber} implements it. {@link
 * org.peerprobe.node.probe.HostResolver} has three implementations: system (JDK), dnsjava (explicit
 * servers) and static (tests, demo).
 *
 * <h2>One probe</h2>
 *
 * Up to {@code attempts} sequential attempts, stopping once the majority outcome is decided; DOWN
 * only when a strict majority of the attempts made failed; the failure class is the most common one
 * among the failures; status and timings come from the last attempt agreeing with the verdict
 * ({@link org.peerprobe.node.probe.AttemptTally}). One attempt: resolve the front's own hostname,
 * keep the first address the {@link org.peerprobe.node.probe.AddressPolicy} allows (refusal → DNS),
 * connect, TLS with SNI = hostname, hostname verification ("HTTPS" endpoint identification) and
 * certificate validity, then {@code GET} with {@code Host} = hostname[:port], {@code Connection:
 * close}, the configured {@code User-Agent}; the status must be expected and, if set, the body must
 * contain the text. Redirects are never followed; only the front's own hostname is ever contacted.
 * Each phase has its own timeout and the attempt a total one; any of them → TIMEOUT, with the phase
 * in the debug log.
 *
 * <h2>Threading</h2>
 *
 * One probe lives on one event loop of the shared group: attempts, timers and the pipeline's
 * handlers all run there, so the state needs no locks. Resolution never blocks it: the dnsjava
 * resolver is asynchronous (dnsjava's NIO selector thread), the JDK resolver runs on {@link
 * org.peerprobe.node.probe.SystemHostResolver}'s own small pool (or an injected executor), results
 * hop back to the loop, and Netty's own resolver is disabled for probe channels (they connect to an
 * already resolved address). Time comes from an injected {@link
 * org.peerprobe.node.probe.ProbeClock}; timeouts are timers on the probe's event loop.
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>Response status line {@value org.peerprobe.node.probe.ProbeAttempt#MAX_INITIAL_LINE_BYTES}
 *       B, headers {@value org.peerprobe.node.probe.ProbeAttempt#MAX_HEADER_BYTES} B (beyond:
 *       HTTP_STATUS); body read only when a text is expected, at most {@code maxBodyBytes} (default
 *       64 KiB), scanned in chunks without being kept.
 *   <li>Timeouts 10 ms..60 s each; attempts 1..5; body text at most 256 characters.
 *   <li>System resolver: 4 threads, 256 queued lookups. dnsjava: no cache, 2 tries per server.
 *   <li>One connection per attempt, closed when the attempt ends.
 * </ul>
 */
package org.peerprobe.node.probe;
