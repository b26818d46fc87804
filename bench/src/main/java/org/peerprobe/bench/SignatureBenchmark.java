package org.peerprobe.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestNetwork;

/** Ed25519 verification of one signed report, including its canonical re-encoding. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class SignatureBenchmark {
  private SignedReport report;

  @Setup
  public void setUp() {
    java.util.Map<String, Status> seen = new java.util.TreeMap<>();
    for (int f = 0; f < RoundTallyBenchmark.FRONTS; f++) {
      seen.put("front-" + f, Status.UP);
    }
    report = TestNetwork.of(1, 1).report(0, RoundTallyBenchmark.ROUND, seen);
  }

  /** Canonical encoding of the report plus one Ed25519 verification. */
  @Benchmark
  public boolean verifyReport() {
    return report.signatureValid();
  }

  /** Canonical encoding alone, to separate its cost from the signature check. */
  @Benchmark
  public byte[] encodeReport() {
    return report.report().signingInput();
  }
}
