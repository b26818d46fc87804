package org.peerprobe.consensus.failover;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.RoundTally;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Genuinely verified certificates for the failover tests, memoized (each costs a dozen signature
 * operations). Five observers of weight 1 over three networks: variant 0 is signed by all five,
 * variant 1 by the first four — a second, different certificate for the same (front, round,
 * verdict). An UP and a DOWN certificate of one (front, round) both verify, as they would if a
 * quorum equivocated.
 */
final class Certificates {
  static final TestNetwork NET = network(TestNetwork.NETWORK_ID);

  /** The same observers in the roster of another peerprobe network. */
  static final TestNetwork OTHER_NET = network("other-net");

  private record Key(String networkId, String front, long round, Verdict verdict, int variant) {}

  private static final Map<Key, VerifiedCertificate> CACHE = new ConcurrentHashMap<>();

  private Certificates() {}

  private static TestNetwork network(String networkId) {
    int[] weights = {1, 1, 1, 1, 1};
    String[] networks = new String[5];
    for (int i = 0; i < 5; i++) {
      networks[i] = TestNetwork.network(i % 3);
    }
    return TestNetwork.of(networkId, 1, weights, networks, QuorumPolicy.DEFAULT);
  }

  static VerifiedCertificate up(String front, long round) {
    return of(front, round, Verdict.UP, 0);
  }

  static VerifiedCertificate down(String front, long round) {
    return of(front, round, Verdict.DOWN, 0);
  }

  static VerifiedCertificate of(String front, long round, Verdict verdict, int variant) {
    return of(NET, front, round, verdict, variant);
  }

  static VerifiedCertificate of(
      TestNetwork net, String front, long round, Verdict verdict, int variant) {
    return CACHE.computeIfAbsent(
        new Key(net.networkId(), front, round, verdict, variant),
        k -> make(net, front, round, verdict, variant));
  }

  private static VerifiedCertificate make(
      TestNetwork net, String front, long round, Verdict verdict, int variant) {
    RoundTally tally = new RoundTally(net.roster(), round);
    Status status = verdict.supportingStatus();
    int signers = variant == 0 ? 5 : 4;
    for (int i = 0; i < signers; i++) {
      tally.add(net.verified(net.report(i, round, front, status)));
    }
    QuorumCertificate cert = tally.certificate(front).orElseThrow();
    return CertificateVerifier.verify(cert, net.roster()).orElseThrow();
  }
}
