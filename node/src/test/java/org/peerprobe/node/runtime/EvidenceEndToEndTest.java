package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.consensus.evidence.EvidenceResult;
import org.peerprobe.consensus.evidence.EvidenceVerifier;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.evidence.EvidenceAssembler;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Evidence from real nodes: four observers and a signer fail a router over when its primary breaks;
 * the signer's evidence for the decision and for each certificate it cites verifies offline (and
 * every observer, which received the decision and its certificates by gossip, serves it too), and
 * still does after a bundle update and a restart (the bundle the decision was made under comes from
 * the history, no longer from the running bundle).
 */
class EvidenceEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(45);

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void theSignersEvidenceOfAFailoverVerifiesBeforeAndAfterABundleUpdateAndARestart()
      throws Exception {
    TestFront primary = TestFront.http(group);
    TestFront secondary = TestFront.http(group);
    open.add(primary);
    open.add(secondary);
    RunnerFixture fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    SignedBundle v1 =
        RunnerFixture.signed(fixture.bundle(1, primary.port(), secondary.port(), 2, 2));
    List<NodeRunner> observers = new ArrayList<>();
    for (int i = 0; i <= fixture.signer(); i++) {
      fixture.writeBundle(i, v1);
      if (i < fixture.signer()) {
        observers.add(NodeRunner.start(fixture.config(i)));
        open.add(observers.get(i));
      }
    }
    NodeRunner signer = NodeRunner.start(fixture.config(fixture.signer()));
    open.add(signer);

    primary.behave(TestFront.Behaviour.SERVER_ERROR);
    Await.until(WAIT, () -> failover(signer).isPresent(), "the signer fails over");
    Decision d = failover(signer).orElseThrow().decision();
    assertThat(d.reason()).isEqualTo(DecisionReason.FAILOVER);
    EvidenceFile evidence = verifiedDecision(signer.evidence(), d);
    assertThat(evidence.bundles()).containsExactly(v1);
    for (String cert : d.certificates()) {
      byte[] bytes = JavaPeer.await(signer.evidence().forCertificate(cert), WAIT).orElseThrow();
      EvidenceResult r = verify(bytes, Optional.of(cert));
      assertThat(r.line()).startsWith("valid: certificate " + cert);
    }
    for (NodeRunner o : observers) {
      Await.until(
          WAIT,
          () -> JavaPeer.await(o.evidence().forDecision(d.id()), WAIT).isPresent(),
          "an observer serves the decision's evidence too");
      verifiedDecision(o.evidence(), d);
    }
    assertThat(JavaPeer.await(signer.evidence().forDecision("ab".repeat(32)), WAIT)).isEmpty();
    assertThat(JavaPeer.await(signer.evidence().forCertificate("not-an-id"), WAIT)).isEmpty();

    SignedBundle v2 =
        RunnerFixture.signed(fixture.bundle(2, primary.port(), secondary.port(), 3, 2));
    fixture.writeBundle(fixture.signer(), v2);
    Await.until(
        WAIT,
        () -> JavaPeer.await(signer.bundles().current(), WAIT).bundle().version() == 2,
        "the signer runs v2");
    assertThat(signer.bundleHistory().versions()).containsExactly(1L, 2L);
    assertThat(verifiedDecision(signer.evidence(), d).bundles()).containsExactly(v1);

    signer.close();
    NodeRunner restarted = NodeRunner.start(fixture.config(fixture.signer()));
    open.add(restarted);
    assertThat(restarted.bundleHistory().versions()).containsExactly(1L, 2L);
    assertThat(restarted.bundleHistory().version(1)).contains(v1);
    assertThat(verifiedDecision(restarted.evidence(), d).bundles()).containsExactly(v1);
  }

  private static EvidenceFile verifiedDecision(EvidenceAssembler assembler, Decision d) {
    byte[] bytes = JavaPeer.await(assembler.forDecision(d.id()), WAIT).orElseThrow();
    EvidenceResult r = verify(bytes, Optional.of(d.id()));
    assertThat(r.line())
        .startsWith("valid: decision web-router seq 1 (cf-front→cdn2-front, FAILOVER")
        .contains("chain 1..1, 3 certificates");
    return EvidenceFile.decode(bytes).orElseThrow();
  }

  private static EvidenceResult verify(byte[] bytes, Optional<String> id) {
    return EvidenceVerifier.verify(
        EvidenceFile.decode(bytes).orElseThrow(), TestKeys.operator().publicKey(), id);
  }

  private static Optional<SignedDecision> failover(NodeRunner signer) {
    return JavaPeer.await(signer.store().lastDecision(RunnerFixture.ROUTER), WAIT);
  }
}
