package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.Status;

/** How attempts become one observation: early stop, strict majority, reported class, timings. */
class AttemptTallyTest {
  private static AttemptResult ok(long totalUs) {
    return AttemptResult.success(200, PhaseTimings.of(1, 2, 3, 4, totalUs));
  }

  private static AttemptResult fail(FailureClass c, int status, long totalUs) {
    return AttemptResult.failed(
        c, Phase.RESPONSE, status, PhaseTimings.of(1, 2, 3, 4, totalUs), "test");
  }

  @Test
  void threeAttemptsStopAtTwoAgreeing() {
    AttemptTally up = new AttemptTally(3);
    up.add(ok(10));
    assertThat(up.decided()).isFalse();
    up.add(ok(11));
    assertThat(up.decided()).isTrue();

    AttemptTally down = new AttemptTally(3);
    down.add(fail(FailureClass.TIMEOUT, 0, 10));
    assertThat(down.decided()).isFalse();
    down.add(fail(FailureClass.TIMEOUT, 0, 11));
    assertThat(down.decided()).isTrue();
    assertThat(down.toObservation("f", 5).status()).isEqualTo(Status.DOWN);
  }

  @Test
  void oneFailureInThreeIsUpWithTheLastSuccessfulTimings() {
    AttemptTally t = new AttemptTally(3);
    t.add(ok(10));
    t.add(fail(FailureClass.HTTP_STATUS, 503, 20));
    assertThat(t.decided()).isFalse();
    t.add(ok(30));

    Observation o = t.toObservation("cf-front", 1234);

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.timings().totalUs()).hasValue(30);
    assertThat(o.observedAtMs()).isEqualTo(1234);
  }

  @Test
  void twoFailuresInThreeAreDownWithTheFailedAttemptsStatus() {
    AttemptTally t = new AttemptTally(3);
    t.add(fail(FailureClass.HTTP_STATUS, 502, 10));
    t.add(ok(20));
    t.add(fail(FailureClass.HTTP_STATUS, 503, 30));

    Observation o = t.toObservation("cf-front", 1);

    assertThat(o.failure()).contains(FailureClass.HTTP_STATUS);
    assertThat(o.httpStatus()).isEqualTo(503);
    assertThat(o.timings().totalUs()).hasValue(30);
  }

  @Test
  void mostCommonClassWinsAndTiesGoToTheLatest() {
    AttemptTally t = new AttemptTally(5);
    t.add(fail(FailureClass.TIMEOUT, 0, 10));
    t.add(fail(FailureClass.TIMEOUT, 0, 11));
    t.add(fail(FailureClass.CONNECT, 0, 12));
    assertThat(t.toObservation("f", 1).failure()).contains(FailureClass.TIMEOUT);
    assertThat(t.toObservation("f", 1).timings().totalUs()).hasValue(11);

    AttemptTally tie = new AttemptTally(3);
    tie.add(fail(FailureClass.TLS, 0, 10));
    tie.add(fail(FailureClass.DNS, 0, 11));
    assertThat(tie.toObservation("f", 1).failure()).contains(FailureClass.DNS);
  }

  @Test
  void aTieOfAttemptsMadeIsUp() {
    AttemptTally t = new AttemptTally(4);
    t.add(fail(FailureClass.TIMEOUT, 0, 10));
    t.add(ok(11));
    t.add(fail(FailureClass.TIMEOUT, 0, 12));
    assertThat(t.decided()).isFalse();
    t.add(ok(13));

    assertThat(t.decided()).isTrue();
    assertThat(t.toObservation("f", 1).status()).isEqualTo(Status.UP);
  }

  @Test
  void attemptsCutShortCountOnlyTheAttemptsMade() {
    AttemptTally t = new AttemptTally(3);
    t.add(fail(FailureClass.CONNECT, 0, 10));

    assertThat(t.decided()).isFalse();
    assertThat(t.down()).isTrue(); // 1 of 1 made failed
  }

  @Test
  void singleAttemptDecidesAtOnce() {
    AttemptTally t = new AttemptTally(1);
    t.add(ok(10));
    assertThat(t.decided()).isTrue();
  }
}
