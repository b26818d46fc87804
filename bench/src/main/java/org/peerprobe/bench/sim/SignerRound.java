package org.peerprobe.bench.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.RoundTally;
import org.peerprobe.consensus.quorum.RoundWindow;
import org.peerprobe.consensus.quorum.VerifiedReport;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.node.round.TallyBook;

/**
 * One round of a signer's work on pre-signed reports, timed on the calling thread, starting from an
 * empty tally and an empty signature memo: validate every report, count it, certify every front,
 * then re-verify the certificates with the memo the validation filled.
 */
final class SignerRound {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SignerRound() {}

  /**
   * What one round took.
   *
   * @param tallyMs wall time to validate, count and certify
   * @param verifyMs wall time to re-verify the certificates
   * @param cpuMs this thread's CPU time for both (what the round costs one core)
   * @param counted reports counted before the round ended (all, unless it was cut short)
   * @param certificates certificates made
   */
  record Timing(long tallyMs, long verifyMs, long cpuMs, int counted, int certificates) {
    long totalMs() {
      return tallyMs + verifyMs;
    }
  }

  /**
   * Counts into one {@link RoundTally} and certifies each front once at the end, as the consensus
   * core allows (and {@code RoundTallyBenchmark} measures).
   */
  static Timing batch(Roster roster, long round, List<SignedReport> reports, List<String> fronts) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    VerifiedSignatures memo = memo(reports);
    RoundTally tally = new RoundTally(roster, round);
    RoundWindow window = RoundWindow.around(round);
    for (SignedReport r : reports) {
      tally.add(ReportValidator.validate(r, roster, window, memo).orElseThrow());
    }
    List<QuorumCertificate> certs = new ArrayList<>();
    for (String front : fronts) {
      tally.certificate(front).ifPresent(certs::add);
    }
    long t1 = System.nanoTime();
    verify(certs, roster, memo);
    return timing(cpu0, t0, t1, reports.size(), certs.size());
  }

  /**
   * Counts report by report into the node's {@link TallyBook}, as every node does with the reports
   * gossip brings it (each add re-tallies the report's fronts and certifies a front the moment it
   * reaches quorum). Stops counting once {@code capMs} of wall time have passed.
   */
  static Timing node(Roster roster, long round, List<SignedReport> reports, long capMs) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long deadline = t0 + capMs * 1_000_000;
    VerifiedSignatures memo = memo(reports);
    TallyBook book = new TallyBook(roster, memo);
    RoundWindow window = RoundWindow.around(round);
    List<QuorumCertificate> certs = new ArrayList<>();
    int counted = 0;
    for (SignedReport r : reports) {
      VerifiedReport v = ReportValidator.validate(r, roster, window, memo).orElseThrow();
      certs.addAll(book.add(v).certificates());
      counted++;
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    long t1 = System.nanoTime();
    verify(certs, roster, memo);
    return timing(cpu0, t0, t1, counted, certs.size());
  }

  private static VerifiedSignatures memo(List<SignedReport> reports) {
    return new VerifiedSignatures(
        Math.max(VerifiedSignatures.DEFAULT_CAPACITY, 2 * reports.size()));
  }

  private static void verify(
      List<QuorumCertificate> certs, Roster roster, VerifiedSignatures memo) {
    for (QuorumCertificate c : certs) {
      CertificateVerifier.verify(c, roster, memo).orElseThrow();
    }
  }

  private static Timing timing(long cpu0, long t0, long t1, int counted, int certificates) {
    long t2 = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    return new Timing(
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, cpu / 1_000_000, counted, certificates);
  }
}
