package org.peerprobe.node.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Quorum certificates a Byzantine peer can make against one roster, each claiming that a front was
 * DOWN and each wrong in exactly one way a verifier must catch (protocol.md §6). Certificates are
 * not signed, so anyone can publish them; their authority is the reports inside.
 */
final class Forgeries {
  private final TestNetwork net;

  Forgeries(TestNetwork net) {
    this.net = net;
  }

  /** Seven DOWN reports, correctly signed, by keys that are in no roster: NOT_A_MEMBER. */
  QuorumCertificate byOutsiders(String front, long round) {
    List<SignedReport> reports = new ArrayList<>();
    for (int j = 0; j < 7; j++) {
      Ed25519KeyPair key = TestKeys.outsider(100 + j);
      RoundReport r =
          RoundReport.of(
              net.networkId(),
              round,
              key.publicKey(),
              TestNetwork.network(j % 3),
              List.of(TestNetwork.observation(front, Status.DOWN)));
      reports.add(SignedReport.sign(r, key));
    }
    return down(front, round, reports);
  }

  /** Real DOWN reports of the given (corrupt) members only, too little weight: QUORUM_NOT_MET. */
  QuorumCertificate byTooFew(String front, long round, int... members) {
    List<SignedReport> reports = new ArrayList<>();
    for (int i : members) {
      reports.add(net.report(i, round, front, Status.DOWN));
    }
    return down(front, round, reports);
  }

  /**
   * The honest UP reports given, one per observer, with {@code front}'s status rewritten to DOWN
   * under the original signatures: BAD_SIGNATURE. Empty when fewer than {@code atLeast} observers.
   */
  Optional<QuorumCertificate> tampered(
      List<SignedReport> honest, String front, long round, int atLeast) {
    List<SignedReport> reports = onePerObserver(honest, round);
    return reports.size() < atLeast
        ? Optional.empty()
        : Optional.of(down(front, round, reports.stream().map(s -> seenDown(s, front)).toList()));
  }

  /**
   * The honest UP reports given, one per observer, unchanged, as evidence of DOWN:
   * VERDICT_MISMATCH. Empty when fewer than {@code atLeast} observers.
   */
  Optional<QuorumCertificate> mislabelled(
      List<SignedReport> honest, String front, long round, int atLeast) {
    List<SignedReport> reports = onePerObserver(honest, round);
    return reports.size() < atLeast ? Optional.empty() : Optional.of(down(front, round, reports));
  }

  /** The start of a certificate, cut off: MALFORMED. */
  static byte[] malformed() {
    return "{\"networkId\":".getBytes(StandardCharsets.UTF_8);
  }

  private QuorumCertificate down(String front, long round, List<SignedReport> reports) {
    return new QuorumCertificate(
        net.networkId(), net.roster().version(), front, round, Verdict.DOWN, reports);
  }

  private static List<SignedReport> onePerObserver(List<SignedReport> reports, long round) {
    List<SignedReport> out = new ArrayList<>();
    for (SignedReport s : reports) {
      if (s.report().round() == round
          && out.stream().noneMatch(x -> x.report().observer().equals(s.report().observer()))) {
        out.add(s);
      }
    }
    return out;
  }

  private static SignedReport seenDown(SignedReport s, String front) {
    RoundReport r = s.report();
    List<Observation> obs =
        r.observations().stream()
            .map(o -> o.front().equals(front) ? TestNetwork.observation(front, Status.DOWN) : o)
            .toList();
    return new SignedReport(
        new RoundReport(r.networkId(), r.round(), r.observer(), r.network(), obs), s.signature());
  }
}
