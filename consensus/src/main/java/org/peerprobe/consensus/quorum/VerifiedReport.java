package org.peerprobe.consensus.quorum;

import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.SignedReport;

/**
 * A signed report that {@link ReportValidator} accepted: well formed, for the roster's network,
 * inside the round window, from a member for its admitted network, with a valid signature. Only
 * this package can make one.
 */
public final class VerifiedReport {
  private final SignedReport signed;
  private final Observer member;
  private final String contentId;

  VerifiedReport(SignedReport signed, Observer member) {
    this.signed = signed;
    this.member = member;
    this.contentId = signed.contentId();
  }

  public SignedReport signed() {
    return signed;
  }

  /** The roster entry of the observer, whose network and weight count. */
  public Observer member() {
    return member;
  }

  public long round() {
    return signed.report().round();
  }

  /** See {@link SignedReport#contentId()}. */
  public String contentId() {
    return contentId;
  }

  @Override
  public String toString() {
    return "VerifiedReport{" + member.key().peerId() + " round " + round() + "}";
  }
}
