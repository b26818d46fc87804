package org.peerprobe.consensus.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.SignedRoster;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.RoundTally;
import org.peerprobe.consensus.quorum.RoundWindow;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.quorum.VerifiedReport;

/**
 * A roster of deterministic observers and helpers to make their signed reports, tallies and
 * certificates. Observer {@code i} uses {@link TestKeys#key(int) key(i)} and network {@code "AS" +
 * (64500 + i % networks)} unless built otherwise.
 *
 * <p>Signing is deterministic (RFC 8032), so signed reports are memoized across tests: property
 * tests that rebuild the same reports pay for each signature once.
 */
public final class TestNetwork {
  public static final String NETWORK_ID = "example-de";
  public static final String PRIMARY = "cf-front";
  public static final String SECONDARY = "cdn2-front";
  public static final List<String> FRONTS = List.of(SECONDARY, PRIMARY);
  public static final long OBSERVED_AT_MS = 1_763_424_000_000L;

  private static final int SIGNED_CACHE_ENTRIES = 20_000;
  private static final Map<RoundReport, SignedReport> SIGNED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<RoundReport, SignedReport> eldest) {
              return size() > SIGNED_CACHE_ENTRIES;
            }
          });

  private final Roster roster;
  private final List<Ed25519KeyPair> keys;

  private TestNetwork(Roster roster, List<Ed25519KeyPair> keys) {
    this.roster = roster;
    this.keys = List.copyOf(keys);
  }

  /** {@code n} observers of weight 1 spread round-robin over {@code networks} networks. */
  public static TestNetwork of(int n, int networks) {
    int[] weights = new int[n];
    String[] nets = new String[n];
    for (int i = 0; i < n; i++) {
      weights[i] = 1;
      nets[i] = network(i % networks);
    }
    return of(weights, nets, QuorumPolicy.DEFAULT);
  }

  /** Observer {@code i} has weight {@code weights[i]} and network {@code networks[i]}. */
  public static TestNetwork of(int[] weights, String[] networks, QuorumPolicy policy) {
    return of(NETWORK_ID, 1, weights, networks, policy);
  }

  /** Like {@link #of(int[], String[], QuorumPolicy)} for another network id or roster version. */
  public static TestNetwork of(
      String networkId, long version, int[] weights, String[] networks, QuorumPolicy policy) {
    Roster.Builder b =
        Roster.builder()
            .networkId(networkId)
            .version(version)
            .operator(TestKeys.operator().publicKey())
            .signer(TestKeys.signer().publicKey())
            .signer(TestKeys.standbySigner().publicKey())
            .policy(policy);
    List<Ed25519KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      Ed25519KeyPair k = TestKeys.key(i);
      keys.add(k);
      b.observer(new Observer(k.publicKey(), networks[i], "volunteer-" + i, weights[i]));
    }
    return new TestNetwork(b.build(), keys);
  }

  public static String network(int i) {
    return "AS" + (64500 + i);
  }

  public Roster roster() {
    return roster;
  }

  public String networkId() {
    return roster.networkId();
  }

  public SignedRoster signedRoster() {
    return SignedRoster.sign(roster, TestKeys.operator());
  }

  public int size() {
    return keys.size();
  }

  /** Observer {@code i}'s key pair (index in construction order). */
  public Ed25519KeyPair key(int i) {
    return keys.get(i);
  }

  public Observer observer(int i) {
    return roster.observer(keys.get(i).publicKey()).orElseThrow();
  }

  public static Observation observation(String front, Status status) {
    return observation(front, status, OBSERVED_AT_MS);
  }

  /** An observation finished at {@code observedAtMs}: vary it to make a different report. */
  public static Observation observation(String front, Status status, long observedAtMs) {
    return status == Status.UP
        ? Observation.up(front, 200, PhaseTimings.of(1200, 8300, 21000, 45000, 46000), observedAtMs)
        : Observation.down(
            front,
            FailureClass.HTTP_STATUS,
            502,
            PhaseTimings.of(1200, 8300, 21000, 45000, 46000),
            observedAtMs);
  }

  /** Signs {@code report} with {@code key}, memoized (signatures are deterministic). */
  public static SignedReport sign(RoundReport report, Ed25519KeyPair key) {
    SignedReport cached = SIGNED.get(report);
    if (cached != null && key.publicKey().equals(report.observer())) {
      return cached;
    }
    SignedReport signed = SignedReport.sign(report, key);
    SIGNED.put(report, signed);
    return signed;
  }

  /** Observer {@code i}'s signed report for {@code round} with the given status per front. */
  public SignedReport report(int i, long round, Map<String, Status> statusByFront) {
    return report(i, round, statusByFront, 0);
  }

  /**
   * Observer {@code i}'s signed report with the given statuses; reports of different {@code
   * variant}s say the same statuses with different content (an equivocating observer's pair).
   */
  public SignedReport report(int i, long round, Map<String, Status> statusByFront, int variant) {
    Observer o = observer(i);
    return sign(
        unsigned(roster.networkId(), round, o, o.network(), statusByFront, variant), keys.get(i));
  }

  /** An unsigned report with arbitrary context, for tests that forge or corrupt reports. */
  public static RoundReport unsigned(
      String networkId,
      long round,
      Observer observer,
      String declaredNetwork,
      Map<String, Status> statusByFront,
      int variant) {
    List<Observation> obs = new ArrayList<>();
    statusByFront.forEach(
        (front, status) -> obs.add(observation(front, status, OBSERVED_AT_MS + variant)));
    return RoundReport.of(networkId, round, observer.key(), declaredNetwork, obs);
  }

  /** Observer {@code i}'s report seeing {@code front} as {@code status}, and nothing else. */
  public SignedReport report(int i, long round, String front, Status status) {
    return report(i, round, Map.of(front, status));
  }

  public VerifiedReport verified(SignedReport r) {
    return ReportValidator.validate(r, roster, RoundWindow.exactly(r.report().round()))
        .orElseThrow();
  }

  /** A tally of {@code round} in which every observer saw {@code front} as {@code status}. */
  public RoundTally unanimous(long round, String front, Status status) {
    RoundTally t = new RoundTally(roster, round);
    for (int i = 0; i < size(); i++) {
      t.add(verified(report(i, round, front, status)));
    }
    return t;
  }

  /** A certificate signed by every observer that {@code front} was {@code verdict}. */
  public QuorumCertificate certificate(String front, long round, Verdict verdict) {
    Optional<QuorumCertificate> c =
        unanimous(round, front, verdict.supportingStatus()).certificate(front);
    return c.orElseThrow(() -> new IllegalStateException("unanimous tally reached no verdict"));
  }

  public VerifiedCertificate verifiedCertificate(String front, long round, Verdict verdict) {
    return CertificateVerifier.verify(certificate(front, round, verdict), roster).orElseThrow();
  }
}
