package org.peerprobe.consensus.quorum;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Re-checks a quorum certificate from scratch: it trusts nothing the builder computed. Every report
 * must be for the certificate's network, round and front, from a distinct roster member for its
 * admitted network, support the verdict and carry a valid signature; the agreeing weight is then
 * recomputed and must meet the roster's policy.
 */
public final class CertificateVerifier {
  private CertificateVerifier() {}

  /** Verifies with a memo of its own: every distinct report signature is checked once. */
  public static Validated<VerifiedCertificate> verify(QuorumCertificate cert, Roster roster) {
    return verify(cert, roster, new VerifiedSignatures(cert.reports().size()));
  }

  /**
   * Verifies, skipping the signature check of reports whose signatures this process already
   * verified into {@code memo} (see {@link VerifiedSignatures}); all other checks always run.
   */
  public static Validated<VerifiedCertificate> verify(
      QuorumCertificate cert, Roster roster, VerifiedSignatures memo) {
    if (!cert.networkId().equals(roster.networkId())) {
      return Validated.invalid(
          Rejection.WRONG_NETWORK, "certificate is for network '" + cert.networkId() + "'");
    }
    if (cert.rosterVersion() != roster.version()) {
      return Validated.invalid(
          Rejection.WRONG_ROSTER_VERSION,
          "certificate names roster v"
              + cert.rosterVersion()
              + ", verifying against v"
              + roster.version());
    }
    Set<Ed25519PublicKey> seen = new HashSet<>();
    Map<String, Long> weightByNetwork = new HashMap<>();
    int i = -1;
    for (SignedReport signed : cert.reports()) {
      i++;
      RoundReport r = signed.report();
      Optional<Rejection> context = ReportValidator.checkContext(r, roster);
      if (context.isPresent()) {
        return Validated.invalid(
            context.get(), at(i) + ReportValidator.describe(context.get(), signed, roster));
      }
      if (r.round() != cert.round()) {
        return Validated.invalid(
            Rejection.WRONG_ROUND, at(i) + "round " + r.round() + ", certificate " + cert.round());
      }
      if (!seen.add(r.observer())) {
        return Validated.invalid(
            Rejection.DUPLICATE_OBSERVER, at(i) + r.observer().peerId() + " appears twice");
      }
      Optional<Observation> ob = r.observationOf(cert.front());
      if (ob.isEmpty()) {
        return Validated.invalid(
            Rejection.WRONG_FRONT, at(i) + "no observation of " + cert.front());
      }
      if (ob.get().status() != cert.verdict().supportingStatus()) {
        return Validated.invalid(
            Rejection.VERDICT_MISMATCH,
            at(i) + "saw " + ob.get().status() + ", certificate says " + cert.verdict());
      }
      if (!memo.check(signed)) {
        return Validated.invalid(Rejection.BAD_SIGNATURE, at(i) + "signature is invalid");
      }
      Observer member = roster.observer(r.observer()).orElseThrow();
      weightByNetwork.merge(member.network(), (long) member.weight(), Long::sum);
    }
    Support support = Support.evaluate(roster.policy(), roster.totalWeight(), weightByNetwork);
    if (!support.reached()) {
      return Validated.invalid(
          Rejection.QUORUM_NOT_MET,
          "counted weight "
              + support.counted().num()
              + "/"
              + support.counted().den()
              + " over "
              + support.networks()
              + " networks does not meet "
              + roster.policy().threshold()
              + " of "
              + roster.totalWeight()
              + " across "
              + roster.policy().minNetworks()
              + " networks");
    }
    return Validated.valid(new VerifiedCertificate(cert, cert.id(), support));
  }

  /** Where a rejection points; built only for a rejection, not for each report checked. */
  private static String at(int index) {
    return "reports[" + index + "]: ";
  }
}
