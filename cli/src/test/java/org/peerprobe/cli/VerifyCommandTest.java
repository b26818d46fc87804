package org.peerprobe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestEvidence;
import org.peerprobe.consensus.testing.TestKeys;

/** {@code peerprobe verify} on files and on a feed served by a loopback HTTP server. */
class VerifyCommandTest {
  static final TestEvidence V1 = TestEvidence.version(1);
  static final String OPERATOR = TestKeys.operator().publicKey().peerId();

  @TempDir Path dir;
  private final CliRun cli = new CliRun();
  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopServer() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void aValidDecisionFileExitsZeroWithOneSummaryLine() throws Exception {
    Path file = write("evidence.json", V1.failbackEvidence().encode());
    assertThat(cli.run("verify", file.toString(), "--operator", OPERATOR)).isZero();
    assertThat(cli.out())
        .startsWith("valid: decision web-router seq 2 (cdn2-front→cf-front, FAILBACK at round 14)")
        .contains("chain 1..2, 3 certificates")
        .hasLineCount(1);
  }

  @Test
  void aTamperedSignatureExitsOneNamingTheItem() throws Exception {
    EvidenceFile f = V1.failbackEvidence();
    SignedDecision d = f.decisions().get(1);
    String hex = d.signature().hex();
    String tampered = (hex.charAt(0) == 'a' ? "b" : "a") + hex.substring(1);
    String text = new String(f.encode(), StandardCharsets.UTF_8).replace(hex, tampered);
    Path file = write("tampered.json", text.getBytes(StandardCharsets.UTF_8));
    assertThat(cli.run("verify", file.toString(), "--operator", OPERATOR)).isEqualTo(1);
    assertThat(cli.out())
        .isEqualTo("invalid: decisions[1] (seq 2): BAD_SIGNATURE: decision signature is invalid\n");
  }

  @Test
  void anotherOperatorMalformedEvidenceAndAnotherIdExitOne() throws Exception {
    Path file = write("evidence.json", V1.failbackEvidence().encode());
    String mallory = TestKeys.outsider(0).publicKey().peerId();
    assertThat(cli.run("verify", file.toString(), "--operator", mallory)).isEqualTo(1);
    assertThat(cli.out()).startsWith("invalid: bundles[0] (v1): NOT_THE_OPERATOR: ");

    Path junk = write("junk.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(cli.run("verify", junk.toString(), "--operator", OPERATOR)).isEqualTo(1);
    assertThat(cli.out()).startsWith("invalid: evidence: MALFORMED: evidence.kind: missing");

    String other = V1.chain().get(0).decision().id();
    assertThat(cli.run("verify", file.toString(), "--operator", OPERATOR, "--id", other))
        .isEqualTo(1);
    assertThat(cli.out()).contains("INCONSISTENT", "not the one asked for, " + other);
  }

  @Test
  void unreadableInputAndUsageErrorsExitTwo() {
    assertThat(cli.run("verify", dir.resolve("absent.json").toString(), "--operator", OPERATOR))
        .isEqualTo(2);
    assertThat(cli.err()).contains("verify: no such file: ");
    assertThat(cli.run("verify", "x.json", "--operator", "not-a-peer-id")).isEqualTo(2);
    assertThat(cli.err()).contains("'not-a-peer-id' is neither a PeerId nor a public key");
    assertThat(cli.run("verify", "http://127.0.0.1:1/status", "--operator", OPERATOR)).isEqualTo(2);
    assertThat(cli.err()).contains("is not a feed URL of a decision or certificate");
  }

  @Test
  void aFeedUrlIsFetchedWithEvidenceAppendedAndMustServeTheIdItNames() throws Exception {
    SignedDecision failback = V1.chain().get(1);
    QuorumCertificate cert = V1.failbackCertificates().get(0);
    String base = serve(cert);

    String decisionUrl = base + "/v1/decisions/" + failback.decision().id();
    assertThat(cli.run("verify", decisionUrl, "--operator", OPERATOR)).isZero();
    assertThat(cli.out()).startsWith("valid: decision web-router seq 2");
    assertThat(cli.run("verify", decisionUrl + "/evidence", "--operator", OPERATOR)).isZero();
    String certUrl = base + "/v1/certificates/" + cert.id();
    assertThat(cli.run("verify", certUrl, "--operator", OPERATOR)).isZero();
    assertThat(cli.out())
        .startsWith("valid: certificate " + cert.id() + ": cf-front UP at round 12");

    String lying = base + "/v1/decisions/" + "ab".repeat(32);
    assertThat(cli.run("verify", lying, "--operator", OPERATOR)).isEqualTo(1);
    assertThat(cli.out()).contains("INCONSISTENT", "not the one asked for");

    String absent = base + "/v1/certificates/" + "cd".repeat(32);
    assertThat(cli.run("verify", absent, "--operator", OPERATOR)).isEqualTo(2);
    assertThat(cli.err())
        .contains("HTTP 404 from " + absent + "/evidence: {\"error\":\"not_found\"");
  }

  @Test
  void aFeedThatDoesNotAnswerInTimeExitsTwo() throws Exception {
    String base = serve(V1.failbackCertificates().get(0));
    String url = base + "/v1/decisions/" + "12".repeat(32);
    assertThat(cli.run("verify", url, "--operator", OPERATOR, "--timeout", "300ms")).isEqualTo(2);
    assertThat(cli.err()).contains("no answer from " + url + "/evidence within 300 ms");
  }

  /**
   * Serves the failback's evidence for every decision URL except one whose id is "12…" (it never
   * answers), the certificate's evidence for {@code cert}, and 404 for other certificates.
   */
  private String serve(QuorumCertificate cert) throws Exception {
    byte[] decision = V1.failbackEvidence().encode();
    byte[] certificate = EvidenceFile.forCertificate(V1.bundle(), cert).encode();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (path.contains("/" + "12".repeat(32))) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body =
              path.startsWith("/v1/decisions/") && path.endsWith("/evidence")
                  ? decision
                  : path.equals("/v1/certificates/" + cert.id() + "/evidence") ? certificate : null;
          int status = body == null ? 404 : 200;
          if (body == null) {
            body =
                "{\"error\":\"not_found\",\"message\":\"no such item\"}"
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
