package org.peerprobe.consensus.quorum;

import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Verdict;

/**
 * A certificate that {@link CertificateVerifier} re-checked from scratch against a roster. Only
 * this package can make one, so the failover machine cannot be fed unchecked evidence.
 */
public final class VerifiedCertificate {
  private final QuorumCertificate certificate;
  private final String id;
  private final Support support;

  VerifiedCertificate(QuorumCertificate certificate, String id, Support support) {
    this.certificate = certificate;
    this.id = id;
    this.support = support;
  }

  public QuorumCertificate certificate() {
    return certificate;
  }

  /** {@link QuorumCertificate#id()}, computed once. */
  public String id() {
    return id;
  }

  public String front() {
    return certificate.front();
  }

  public long round() {
    return certificate.round();
  }

  public Verdict verdict() {
    return certificate.verdict();
  }

  /** The support the verifier recomputed from the reports. */
  public Support support() {
    return support;
  }

  @Override
  public String toString() {
    return "VerifiedCertificate{" + front() + " " + verdict() + " round " + round() + "}";
  }
}
