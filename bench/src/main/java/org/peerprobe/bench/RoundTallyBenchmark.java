package org.peerprobe.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.RoundTally;
import org.peerprobe.consensus.quorum.RoundWindow;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * One round of the quorum core for {@code observers} observers × {@value #FRONTS} fronts, on one
 * thread: what every node does with a round's reports, and what the signer does with its
 * certificates.
 *
 * <ul>
 *   <li>{@link #tallyRound}: validate every signed report (one Ed25519 verification each), count
 *       it, tally every front and build its certificate.
 *   <li>{@link #verifyCertificatesFromScratch}: re-verify the round's {@value #FRONTS} certificates
 *       from their bytes' content alone, as the signer or {@code peerprobe verify} does.
 *   <li>{@link #fullRound}: both, the per-round cost of a signer node.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class RoundTallyBenchmark {
  static final int FRONTS = 10;
  static final int NETWORKS = 10;
  static final long ROUND = 881_712_000L;

  @Param({"1000", "10000"})
  public int observers;

  private TestNetwork network;
  private List<SignedReport> reports;
  private List<String> fronts;
  private List<QuorumCertificate> certificates;

  @Setup(Level.Trial)
  public void setUp() {
    network = TestNetwork.of(observers, NETWORKS);
    fronts = new ArrayList<>();
    for (int f = 0; f < FRONTS; f++) {
      fronts.add("front-" + f);
    }
    reports = new ArrayList<>(observers);
    for (int i = 0; i < observers; i++) {
      Map<String, Status> seen = new LinkedHashMap<>();
      for (int f = 0; f < FRONTS; f++) {
        // front-0 is down for everyone; one observer in seven disagrees on front-1.
        Status s = f == 0 || (f == 1 && i % 7 == 0) ? Status.DOWN : Status.UP;
        seen.put(fronts.get(f), s);
      }
      reports.add(network.report(i, ROUND, seen));
    }
    certificates = tallyRound();
    if (certificates.size() != FRONTS) {
      throw new IllegalStateException("expected a certificate per front");
    }
  }

  @Benchmark
  public List<QuorumCertificate> tallyRound() {
    return tally(new VerifiedSignatures());
  }

  private List<QuorumCertificate> tally(VerifiedSignatures memo) {
    RoundTally tally = new RoundTally(network.roster(), ROUND);
    RoundWindow window = RoundWindow.around(ROUND);
    for (SignedReport r : reports) {
      tally.add(ReportValidator.validate(r, network.roster(), window, memo).orElseThrow());
    }
    List<QuorumCertificate> out = new ArrayList<>(FRONTS);
    for (String front : fronts) {
      tally.certificate(front).ifPresent(out::add);
    }
    return out;
  }

  @Benchmark
  public List<VerifiedCertificate> verifyCertificatesFromScratch() {
    return verifyAll(certificates, new VerifiedSignatures());
  }

  @Benchmark
  public List<VerifiedCertificate> verifyCertificatesEachAlone() {
    List<VerifiedCertificate> out = new ArrayList<>(FRONTS);
    for (QuorumCertificate c : certificates) {
      out.add(CertificateVerifier.verify(c, network.roster()).orElseThrow());
    }
    return out;
  }

  @Benchmark
  public List<VerifiedCertificate> signerRound() {
    VerifiedSignatures memo = new VerifiedSignatures();
    return verifyAll(tally(memo), memo);
  }

  private List<VerifiedCertificate> verifyAll(
      List<QuorumCertificate> certs, VerifiedSignatures memo) {
    List<VerifiedCertificate> out = new ArrayList<>(FRONTS);
    for (QuorumCertificate c : certs) {
      out.add(CertificateVerifier.verify(c, network.roster(), memo).orElseThrow());
    }
    return out;
  }
}
