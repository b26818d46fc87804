package org.peerprobe.consensus.model;

import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.RoundWindow;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * The full acceptance path of each kind of signed data, from untrusted bytes: decode, then verify
 * everything a receiving node verifies. {@code accepts} is true only when both pass.
 */
interface Acceptance {
  /** The genuine encoding this acceptance was built for. */
  byte[] original();

  boolean accepts(byte[] bytes);

  /** A signed report, checked against the roster for its own round. */
  static Acceptance report(TestNetwork net, SignedReport r) {
    long round = r.report().round();
    return of(
        r.encode(),
        b ->
            SignedReport.decode(b)
                .flatMap(d -> ReportValidator.validate(d, net.roster(), RoundWindow.exactly(round)))
                .isValid());
  }

  static Acceptance certificate(TestNetwork net, QuorumCertificate c) {
    return of(
        c.encode(),
        b ->
            QuorumCertificate.decode(b)
                .flatMap(d -> CertificateVerifier.verify(d, net.roster()))
                .isValid());
  }

  /** A signed roster, checked against the trusted operator key with no roster held yet. */
  static Acceptance roster(SignedRoster r) {
    return of(
        r.encode(),
        b ->
            SignedRoster.decode(b)
                .flatMap(d -> d.verify(TestKeys.operator().publicKey(), Optional.empty()))
                .isValid());
  }

  /** The last decision of {@code chain}, appended to a chain holding the ones before it. */
  static Acceptance lastDecision(TestNetwork net, List<SignedDecision> chain) {
    // A refused append leaves the chain unchanged, so one chain serves every attempt until one is
    // accepted; then the next attempt starts from a fresh copy of the prefix.
    List<SignedDecision> prefix = chain.subList(0, chain.size() - 1);
    DecisionChain[] held = {prefixChain(net, prefix)};
    return of(
        chain.get(chain.size() - 1).encode(),
        b -> {
          boolean accepted =
              SignedDecision.decode(b).flatMap(d -> held[0].append(d, net.roster())).isValid();
          if (accepted) {
            held[0] = prefixChain(net, prefix);
          }
          return accepted;
        });
  }

  private static DecisionChain prefixChain(TestNetwork net, List<SignedDecision> prefix) {
    DecisionChain held = new DecisionChain(net.networkId(), TestDecisions.ROUTER);
    prefix.forEach(d -> held.append(d, net.roster()).orElseThrow());
    return held;
  }

  private static Acceptance of(byte[] original, java.util.function.Predicate<byte[]> check) {
    return new Acceptance() {
      @Override
      public byte[] original() {
        return original.clone();
      }

      @Override
      public boolean accepts(byte[] bytes) {
        return check.test(bytes);
      }
    };
  }
}
