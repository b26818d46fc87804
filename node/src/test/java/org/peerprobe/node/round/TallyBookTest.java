package org.peerprobe.node.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.consensus.testing.TestNetwork;

class TallyBookTest {
  static final long ROUND = 100;
  private final TestNetwork net = TestNetwork.of(7, 3);

  private List<QuorumCertificate> feed(TallyBook book, long round, Status status, int upTo) {
    List<QuorumCertificate> out = new ArrayList<>();
    for (int i = 0; i < upTo; i++) {
      out.addAll(
          book.add(net.verified(net.report(i, round, TestNetwork.PRIMARY, status))).certificates());
    }
    return out;
  }

  @Test
  void theReportThatCompletesTheQuorumYieldsExactlyOneCertificate() {
    TallyBook book = new TallyBook(net.roster(), new VerifiedSignatures());
    List<QuorumCertificate> certs = feed(book, ROUND, Status.DOWN, 7);
    assertThat(certs)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.verdict()).isEqualTo(Verdict.DOWN);
              assertThat(c.round()).isEqualTo(ROUND);
              assertThat(c.reports()).hasSizeGreaterThanOrEqualTo(5);
            });
    assertThat(book.tally(TestNetwork.PRIMARY, ROUND).orElseThrow().verdict())
        .isEqualTo(Verdict.DOWN);
  }

  @Test
  void aReceivedCertificateStopsUsFromPublishingOurOwn() {
    QuorumCertificate theirs = net.certificate(TestNetwork.PRIMARY, ROUND, Verdict.DOWN);
    TallyBook book = new TallyBook(net.roster(), new VerifiedSignatures());
    assertThat(book.receive(theirs).orElseThrow().isValid()).isTrue();
    assertThat(feed(book, ROUND, Status.DOWN, 7)).isEmpty();
  }

  @Test
  void theSameCertificateTwiceIsProcessedOnce() {
    QuorumCertificate c = net.certificate(TestNetwork.PRIMARY, ROUND, Verdict.UP);
    TallyBook book = new TallyBook(net.roster(), new VerifiedSignatures());
    assertThat(book.receive(c)).isPresent();
    assertThat(book.receive(c)).isEmpty();
  }

  @Test
  void ourOwnCertificateEchoedBackIsIgnored() {
    TallyBook book = new TallyBook(net.roster(), new VerifiedSignatures());
    QuorumCertificate mine = feed(book, ROUND, Status.UP, 7).get(0);
    book.published(mine);
    assertThat(book.receive(mine)).isEmpty();
  }

  @Test
  void oldRoundsAreDroppedAndTheirReportsIgnored() {
    TallyBook book = new TallyBook(net.roster(), new VerifiedSignatures());
    for (long r = ROUND; r < ROUND + TallyBook.ROUNDS_KEPT + 2; r++) {
      feed(book, r, Status.UP, 1);
    }
    assertThat(book.round(ROUND)).isEmpty();
    assertThat(feed(book, ROUND, Status.DOWN, 7)).isEmpty();
  }

  @Test
  void noQuorumNoCertificate() {
    TallyBook book = new TallyBook(net.roster(), new VerifiedSignatures());
    assertThat(feed(book, ROUND, Status.DOWN, 3)).isEmpty();
    assertThat(book.tally(TestNetwork.PRIMARY, ROUND).orElseThrow().verdict())
        .isEqualTo(Verdict.NO_QUORUM);
  }
}
