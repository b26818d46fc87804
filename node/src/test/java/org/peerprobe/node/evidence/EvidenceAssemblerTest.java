package org.peerprobe.node.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.consensus.evidence.EvidenceResult;
import org.peerprobe.consensus.evidence.EvidenceVerifier;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestEvidence;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.p2p.testing.JavaPeer;

/** {@link EvidenceAssembler} over a real store and bundle history; {@link BundleHistory} bounds. */
class EvidenceAssemblerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final TestEvidence V1 = TestEvidence.version(1);

  @TempDir Path dir;
  private SqliteStore store;
  private BundleHistory history;
  private EvidenceAssembler assembler;

  @BeforeEach
  void open() throws Exception {
    store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(dir)
                .networkId(TestNetwork.NETWORK_ID)
                .clock(() -> TestNetwork.OBSERVED_AT_MS)
                .build());
    history = BundleHistory.open(dir, TestKeys.operator().publicKey(), TestNetwork.NETWORK_ID);
    assembler = new EvidenceAssembler(store, history, Runnable::run);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void hold(List<QuorumCertificate> certs, List<SignedDecision> decisions) {
    certs.forEach(c -> JavaPeer.await(store.saveCertificate(c), WAIT));
    decisions.forEach(d -> JavaPeer.await(store.saveDecision(d), WAIT));
  }

  private static EvidenceResult verify(byte[] bytes) {
    return EvidenceVerifier.verify(
        EvidenceFile.decode(bytes).orElseThrow(),
        TestKeys.operator().publicKey(),
        Optional.empty());
  }

  @Test
  void theEvidenceOfADecisionIsItsChainItsCertificatesAndTheirBundle() throws Exception {
    history.record(V1.bundle());
    List<SignedDecision> chain = V1.chain();
    hold(V1.failoverCertificates(), chain);
    hold(V1.failbackCertificates(), List.of());
    String id = chain.get(1).decision().id();

    byte[] bytes = JavaPeer.await(assembler.forDecision(id), WAIT).orElseThrow();
    assertThat(EvidenceFile.decode(bytes).orElseThrow()).isEqualTo(V1.failbackEvidence());
    assertThat(verify(bytes)).isInstanceOf(EvidenceResult.Valid.class);
    String cert = V1.failbackCertificates().get(0).id();
    assertThat(verify(JavaPeer.await(assembler.forCertificate(cert), WAIT).orElseThrow()).line())
        .startsWith("valid: certificate " + cert);
  }

  @Test
  void nothingIsServedWhenAPartIsNotHeld() throws Exception {
    List<SignedDecision> chain = V1.chain();
    hold(V1.failoverCertificates(), chain);
    String first = chain.get(0).decision().id();
    assertThat(assembler.decision(first)).as("no bundle kept").isEmpty();
    history.record(V1.bundle());
    assertThat(assembler.decision(first)).isPresent();
    assertThat(assembler.decision(chain.get(1).decision().id()))
        .as("certificates pruned")
        .isEmpty();
    assertThat(assembler.decision("00".repeat(32))).isEmpty();
    assertThat(assembler.certificate("../../etc/passwd")).isEmpty();
  }

  @Test
  void aRequestBeyondThePendingBoundFailsAtOnce() {
    EvidenceAssembler refusing =
        new EvidenceAssembler(
            store,
            history,
            r -> {
              throw new java.util.concurrent.RejectedExecutionException("full");
            });
    assertThat(refusing.forDecision("00".repeat(32)))
        .failsWithin(WAIT)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  @Test
  void theHistoryKeepsVersionsAcrossReopeningAndDropsTheOldestBeyondTheBound() throws Exception {
    SignedBundle v1 = V1.bundle();
    history.record(v1);
    history.record(v1);
    BundleHistory reopened =
        BundleHistory.open(dir, TestKeys.operator().publicKey(), TestNetwork.NETWORK_ID);
    assertThat(reopened.versions()).containsExactly(1L);
    assertThat(reopened.version(1)).contains(v1);
    assertThat(reopened.version(2)).isEmpty();

    for (long v = 2; v <= BundleHistory.MAX_VERSIONS + 1; v++) {
      history.record(SignedBundle.sign(v1.bundle().withVersion(v), TestKeys.operator()));
    }
    assertThat(history.versions())
        .hasSize(BundleHistory.MAX_VERSIONS)
        .startsWith(2L)
        .endsWith((long) BundleHistory.MAX_VERSIONS + 1);
  }

  @Test
  void aKeptFileThatDoesNotVerifyIsTreatedAsAbsent() throws Exception {
    history.record(V1.bundle());
    Path file = dir.resolve(BundleHistory.DIRECTORY).resolve("1.json");
    Files.writeString(
        file, Files.readString(file).replace("cf-front.example.de", "cf-front.example.org"));
    assertThat(history.version(1)).isEmpty();
    Files.copy(file, dir.resolve(BundleHistory.DIRECTORY).resolve("7.json"));
    assertThat(history.version(7)).isEmpty();
  }
}
