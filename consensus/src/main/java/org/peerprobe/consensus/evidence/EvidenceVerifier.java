package org.peerprobe.consensus.evidence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Re-verifies an {@link EvidenceFile} from scratch under one trusted operator key (protocol §12):
 * the bundles, every certificate against the roster of its own version, the decision chain from seq
 * 1, and that the decision follows from the certificates it cites. The first failing check is the
 * result, naming the item.
 *
 * <p><b>Which roster checks a decision.</b> Decisions do not name a roster version. The decision
 * under test (the last) is checked against the roster of the highest version its cited certificates
 * name: the signer held that roster when it verified them. A decision citing no certificate (a
 * PINNED command), and every earlier decision of the chain (its certificates are not in the file),
 * is checked against the newest bundle in the file that lists its signer: the operator authorised
 * that key in that version, and the operator key is the root of trust.
 */
public final class EvidenceVerifier {
  private EvidenceVerifier() {}

  /**
   * Verifies {@code file} under {@code operator}; when {@code expectedId} is given, the file must
   * be the evidence of that decision id or certificate id.
   */
  public static EvidenceResult verify(
      EvidenceFile file, Ed25519PublicKey operator, Optional<String> expectedId) {
    TreeMap<Long, NetworkBundle> bundles = new TreeMap<>();
    NetworkBundle previous = null;
    for (int i = 0; i < file.bundles().size(); i++) {
      SignedBundle b = file.bundles().get(i);
      Validated<NetworkBundle> v = b.verify(operator, Optional.ofNullable(previous));
      if (v instanceof Validated.Invalid<NetworkBundle> bad) {
        return invalid(bad, "bundles[" + i + "] (v" + b.bundle().version() + ")");
      }
      previous = b.bundle();
      bundles.put(previous.version(), previous);
    }
    if (!file.isDecision()) {
      return file.certificates().size() == 1
          ? certificate(file.certificates().get(0), bundles, expectedId)
          : new EvidenceResult.Invalid(
              Rejection.MALFORMED,
              "evidence",
              "holds no decision and "
                  + file.certificates().size()
                  + " certificates: it must be one decision's or one certificate's");
    }
    return new DecisionCheck(file, bundles).run(expectedId);
  }

  private static EvidenceResult certificate(
      QuorumCertificate cert, TreeMap<Long, NetworkBundle> bundles, Optional<String> expectedId) {
    String id = cert.id();
    if (expectedId.isPresent() && !expectedId.get().equals(id)) {
      return new EvidenceResult.Invalid(
          Rejection.INCONSISTENT,
          "certificates[0]",
          "is certificate " + id + ", not the one asked for, " + expectedId.get());
    }
    Verified v = verifyCertificate(cert, 0, bundles);
    if (v.failure != null) {
      return v.failure;
    }
    VerifiedCertificate c = v.certificate;
    return new EvidenceResult.Valid(
        "certificate "
            + id
            + ": "
            + c.front()
            + " "
            + c.verdict()
            + " at round "
            + c.round()
            + ", "
            + cert.reports().size()
            + " signed reports, quorum "
            + quorum(c, bundles.get(cert.rosterVersion()))
            + ", roster v"
            + cert.rosterVersion()
            + " of "
            + cert.networkId());
  }

  /** Either a verified certificate or why not. */
  private record Verified(VerifiedCertificate certificate, EvidenceResult.Invalid failure) {}

  private static Verified verifyCertificate(
      QuorumCertificate cert, int index, Map<Long, NetworkBundle> bundles) {
    String item = "certificates[" + index + "] (" + cert.front() + " round " + cert.round() + ")";
    NetworkBundle b = bundles.get(cert.rosterVersion());
    if (b == null) {
      return new Verified(
          null,
          new EvidenceResult.Invalid(
              Rejection.MISSING_EVIDENCE,
              item,
              "names roster v"
                  + cert.rosterVersion()
                  + ", but the evidence holds no bundle of that version"));
    }
    Validated<VerifiedCertificate> v = CertificateVerifier.verify(cert, b.roster());
    if (v instanceof Validated.Invalid<VerifiedCertificate> bad) {
      return new Verified(null, invalid(bad, item));
    }
    return new Verified(v.orElseThrow(), null);
  }

  static String quorum(VerifiedCertificate c, NetworkBundle b) {
    return "weight "
        + c.support().rawWeight()
        + " of "
        + b.roster().totalWeight()
        + " over "
        + c.support().networks()
        + " networks (policy "
        + b.roster().policy().threshold()
        + ", at least "
        + b.roster().policy().minNetworks()
        + " networks)";
  }

  private static EvidenceResult.Invalid invalid(Validated.Invalid<?> bad, String item) {
    return new EvidenceResult.Invalid(bad.rejection(), item, bad.detail());
  }

  /** The checks of a decision's evidence, in the order the protocol gives them. */
  private static final class DecisionCheck {
    private final EvidenceFile file;
    private final TreeMap<Long, NetworkBundle> bundles;
    private final SignedDecision target;
    private final int targetIndex;

    DecisionCheck(EvidenceFile file, TreeMap<Long, NetworkBundle> bundles) {
      this.file = file;
      this.bundles = bundles;
      this.targetIndex = file.decisions().size() - 1;
      this.target = file.decisions().get(targetIndex);
    }

    EvidenceResult run(Optional<String> expectedId) {
      Decision d = target.decision();
      String item = item(targetIndex);
      if (expectedId.isPresent() && !expectedId.get().equals(d.id())) {
        return new EvidenceResult.Invalid(
            Rejection.INCONSISTENT,
            item,
            "is decision " + d.id() + ", not the one asked for, " + expectedId.get());
      }
      Map<String, VerifiedCertificate> byId = new HashMap<>();
      for (int i = 0; i < file.certificates().size(); i++) {
        QuorumCertificate cert = file.certificates().get(i);
        String id = cert.id();
        if (!d.certificates().contains(id) || byId.containsKey(id)) {
          return new EvidenceResult.Invalid(
              Rejection.INCONSISTENT,
              "certificates[" + i + "]",
              byId.containsKey(id)
                  ? "certificate " + id + " is listed twice"
                  : "certificate " + id + " is not cited by the decision");
        }
        Verified v = verifyCertificate(cert, i, bundles);
        if (v.failure != null) {
          return v.failure;
        }
        byId.put(id, v.certificate);
      }
      List<VerifiedCertificate> cited = new ArrayList<>();
      for (String id : d.certificates()) {
        VerifiedCertificate c = byId.get(id);
        if (c == null) {
          return new EvidenceResult.Invalid(
              Rejection.MISSING_EVIDENCE,
              item,
              "cites certificate " + id + ", not in the evidence");
        }
        cited.add(c);
      }
      DecisionChain chain = new DecisionChain(d.networkId(), d.router());
      NetworkBundle targetBundle = null;
      for (int i = 0; i <= targetIndex; i++) {
        SignedDecision s = file.decisions().get(i);
        Optional<NetworkBundle> b =
            i == targetIndex && !cited.isEmpty()
                ? Optional.of(bundles.get(highestVersion(cited)))
                : newestListing(s);
        if (b.isEmpty()) {
          return new EvidenceResult.Invalid(
              Rejection.NOT_A_SIGNER,
              item(i),
              s.signer().peerId() + " is a signer of no bundle in the evidence");
        }
        Validated<SignedDecision> v = chain.append(s, b.get().roster());
        if (v instanceof Validated.Invalid<SignedDecision> bad) {
          return invalid(bad, item(i));
        }
        targetBundle = b.get();
      }
      Optional<Decision> prev =
          targetIndex == 0
              ? Optional.empty()
              : Optional.of(file.decisions().get(targetIndex - 1).decision());
      Optional<String> problem = SwitchRules.check(d, prev, cited, targetBundle);
      if (problem.isPresent()) {
        return new EvidenceResult.Invalid(Rejection.INCONSISTENT, item, problem.get());
      }
      return new EvidenceResult.Valid(summary(d, cited, targetBundle));
    }

    private String item(int i) {
      return "decisions[" + i + "] (seq " + file.decisions().get(i).decision().seq() + ")";
    }

    private static long highestVersion(List<VerifiedCertificate> cited) {
      return cited.stream().mapToLong(c -> c.certificate().rosterVersion()).max().orElseThrow();
    }

    private Optional<NetworkBundle> newestListing(SignedDecision s) {
      return bundles.descendingMap().values().stream()
          .filter(b -> b.roster().isSigner(s.signer()))
          .findFirst();
    }

    private String summary(Decision d, List<VerifiedCertificate> cited, NetworkBundle b) {
      StringBuilder sb =
          new StringBuilder()
              .append("decision ")
              .append(d.router())
              .append(" seq ")
              .append(d.seq())
              .append(" (")
              .append(d.from())
              .append("→")
              .append(d.to())
              .append(", ")
              .append(d.reason())
              .append(" at round ")
              .append(d.round())
              .append(") signed by ")
              .append(target.signer().peerId())
              .append(", chain 1..")
              .append(d.seq())
              .append(", ")
              .append(cited.size())
              .append(cited.size() == 1 ? " certificate" : " certificates");
      cited.stream()
          .min(
              java.util.Comparator.comparingLong(
                  (VerifiedCertificate c) -> c.support().rawWeight()))
          .ifPresent(
              weakest ->
                  sb.append(", weakest quorum ")
                      .append(quorum(weakest, bundles.get(weakest.certificate().rosterVersion()))));
      d.command().ifPresent(c -> sb.append(", operator command ").append(c.command().describe()));
      return sb.append(", roster v")
          .append(b.version())
          .append(" of ")
          .append(d.networkId())
          .toString();
    }
  }
}
