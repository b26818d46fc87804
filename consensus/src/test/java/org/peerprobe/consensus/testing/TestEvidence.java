package org.peerprobe.consensus.testing;

import java.util.ArrayList;
import java.util.List;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.VerifiedCertificate;

/**
 * Real evidence, made the way a network makes it: five observers over three networks sign reports,
 * tallies certify them, {@link FailoverMachine} decides and the signer signs. The router fails over
 * at round 11 (primary DOWN at 10 and 11, secondary UP at 11) and fails back at round 14 (primary
 * UP at 12, 13, 14); {@link #pinChain()} instead pins the primary by operator command at round 20.
 */
public final class TestEvidence {
  public static final String ROUTER = TestDecisions.ROUTER;
  public static final int INTERVAL_SECONDS = 30;

  private final TestNetwork net;
  private final SignedBundle bundle;

  private TestEvidence(long version) {
    int[] weights = {1, 1, 1, 1, 1};
    String[] networks = new String[5];
    for (int i = 0; i < 5; i++) {
      networks[i] = TestNetwork.network(i % 3);
    }
    net = TestNetwork.of(TestNetwork.NETWORK_ID, version, weights, networks, QuorumPolicy.DEFAULT);
    bundle = SignedBundle.sign(bundle(net, version), TestKeys.operator());
  }

  /** The evidence of a network running roster and bundle {@code version}. */
  public static TestEvidence version(long version) {
    return new TestEvidence(version);
  }

  public static RouterPolicy policy() {
    return RouterPolicy.builder(ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
        .downRounds(2)
        .upRounds(3)
        .cooldownRounds(0)
        .build();
  }

  private static NetworkBundle bundle(TestNetwork net, long version) {
    return NetworkBundle.builder()
        .roster(net.roster())
        .front(Front.of(TestNetwork.PRIMARY, "cf-front.example.de", "https://cf-front.example.de/"))
        .front(
            Front.of(
                TestNetwork.SECONDARY, "cdn2-front.example.de", "https://cdn2-front.example.de/"))
        .router(new Router(policy(), 60))
        .roundIntervalSeconds(INTERVAL_SECONDS)
        .build()
        .withVersion(version);
  }

  public TestNetwork net() {
    return net;
  }

  public SignedBundle bundle() {
    return bundle;
  }

  public QuorumCertificate certificate(String front, long round, Verdict verdict) {
    return net.certificate(front, round, verdict);
  }

  /** The certificates of the failover at round 11, in the order the decision cites them. */
  public List<QuorumCertificate> failoverCertificates() {
    return List.of(
        certificate(TestNetwork.PRIMARY, 10, Verdict.DOWN),
        certificate(TestNetwork.PRIMARY, 11, Verdict.DOWN),
        certificate(TestNetwork.SECONDARY, 11, Verdict.UP));
  }

  /** The certificates of the failback at round 14, in the order the decision cites them. */
  public List<QuorumCertificate> failbackCertificates() {
    return List.of(
        certificate(TestNetwork.PRIMARY, 12, Verdict.UP),
        certificate(TestNetwork.PRIMARY, 13, Verdict.UP),
        certificate(TestNetwork.PRIMARY, 14, Verdict.UP));
  }

  /** Seq 1 (failover) and seq 2 (failback), signed by the roster's first signer. */
  public List<SignedDecision> chain() {
    FailoverState s = FailoverState.initial(net.networkId(), policy());
    List<SignedDecision> out = new ArrayList<>();
    for (List<QuorumCertificate> certs : List.of(failoverCertificates(), failbackCertificates())) {
      Step step = null;
      for (QuorumCertificate c : certs) {
        step = FailoverMachine.onCertificate(s, verified(c));
        s = step.state();
      }
      out.add(SignedDecision.sign(((Step.Switched) step).decision(), TestKeys.signer()));
    }
    return out;
  }

  /** Seq 1 (failover), then seq 2: the operator pins the primary at round 20. */
  public List<SignedDecision> pinChain() {
    SignedDecision first = chain().get(0);
    FailoverState s = FailoverState.resume(net.networkId(), policy(), first.decision());
    OperatorCommand pin =
        OperatorCommand.pin(
            net.networkId(), ROUTER, TestNetwork.PRIMARY, 20L * INTERVAL_SECONDS * 1000 + 5);
    SignedOperatorCommand signed = SignedOperatorCommand.sign(pin, TestKeys.operator());
    Step step = FailoverMachine.onCommand(s, signed.verify(net.roster()).orElseThrow(), 20);
    Decision d = ((Step.Switched) step).decision();
    return List.of(first, SignedDecision.sign(d, TestKeys.signer()));
  }

  /** The evidence of the failback (seq 2). */
  public EvidenceFile failbackEvidence() {
    return new EvidenceFile(List.of(bundle), chain(), failbackCertificates());
  }

  /** The evidence of the failover (seq 1). */
  public EvidenceFile failoverEvidence() {
    return new EvidenceFile(List.of(bundle), chain().subList(0, 1), failoverCertificates());
  }

  private VerifiedCertificate verified(QuorumCertificate c) {
    return CertificateVerifier.verify(c, net.roster()).orElseThrow();
  }
}
