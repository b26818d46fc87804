package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.peerprobe.consensus.testing.RosterArbitraries;
import org.peerprobe.consensus.testing.RosterSpec;
import org.peerprobe.consensus.testing.Tamper;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Property (c) over random shapes: flipping any bits of any one byte of the encoding of a signed
 * report, a certificate, a signed roster or a signed decision makes decoding or verification refuse
 * it. {@link TamperedEncodingTest} does every position of one instance of each; this varies the
 * instances.
 */
class TamperedEncodingPropertiesTest {

  private static void assertRefused(Acceptance a, double position, int mask) {
    byte[] original = a.original();
    assertThat(a.accepts(original)).as("the genuine encoding is accepted").isTrue();
    int index = Math.min(original.length - 1, (int) (position * original.length));
    assertThat(a.accepts(Tamper.flip(original, index, mask)))
        .as("byte %d ^ 0x%x accepted", index, mask)
        .isFalse();
  }

  @Provide
  Arbitrary<Map<String, Status>> statuses() {
    return Arbitraries.maps(
            Arbitraries.of("a-front", TestNetwork.PRIMARY, TestNetwork.SECONDARY, "z.front"),
            Arbitraries.of(Status.class))
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(TreeMap::new);
  }

  @Provide
  Arbitrary<RosterSpec> smallRosters() {
    return RosterArbitraries.rosters(1, 12, RosterArbitraries.policies());
  }

  @Property(tries = 150)
  void aTamperedSignedReportIsRefused(
      @ForAll("smallRosters") RosterSpec spec,
      @ForAll @IntRange(min = 0, max = 11) int observer,
      @ForAll @LongRange(min = 0, max = 1L << 40) long round,
      @ForAll("statuses") Map<String, Status> statuses,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double position,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    TestNetwork net = spec.build();
    SignedReport r = net.report(observer % spec.size(), round, statuses);
    assertRefused(Acceptance.report(net, r), position, mask);
  }

  @Provide
  Arbitrary<Verdict> verdicts() {
    return Arbitraries.of(Verdict.UP, Verdict.DOWN);
  }

  @Property(tries = 100)
  void aTamperedCertificateIsRefused(
      @ForAll @IntRange(min = 2, max = 7) int observers,
      @ForAll @IntRange(min = 2, max = 3) int networks,
      @ForAll @LongRange(min = 0, max = 1000) long round,
      @ForAll("verdicts") Verdict verdict,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double position,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    TestNetwork net = TestNetwork.of(observers, networks);
    QuorumCertificate c = net.certificate(TestNetwork.SECONDARY, round, verdict);
    assertRefused(Acceptance.certificate(net, c), position, mask);
  }

  @Property(tries = 100)
  void aTamperedSignedRosterIsRefused(
      @ForAll("smallRosters") RosterSpec spec,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double position,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    assertRefused(Acceptance.roster(spec.build().signedRoster()), position, mask);
  }

  @Property(tries = 150)
  void aTamperedSignedDecisionIsRefused(
      @ForAll @IntRange(min = 1, max = 6) int length,
      @ForAll boolean standby,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double position,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    TestNetwork net = TestNetwork.of(2, 2);
    List<SignedDecision> chain =
        TestDecisions.chain(length, standby ? TestKeys.standbySigner() : TestKeys.signer());
    assertRefused(Acceptance.lastDecision(net, chain), position, mask);
  }
}
