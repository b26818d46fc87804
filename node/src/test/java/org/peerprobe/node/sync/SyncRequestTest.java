package org.peerprobe.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

class SyncRequestTest {
  @Test
  void roundTripsAsCanonicalJson() {
    SyncRequest r = new SyncRequest("net-1", "web-router", 7, 64);
    assertThat(new String(r.encode(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"afterSeq\":7,\"limit\":64,\"networkId\":\"net-1\",\"router\":\"web-router\"}");
    assertThat(SyncRequest.decode(r.encode()).orElseThrow()).isEqualTo(r);
  }

  @Test
  void anOversizedRequestIsRefusedBeforeParsing() {
    byte[] big = new byte[SyncProtocol.MAX_REQUEST_BYTES + 1];
    Validated<SyncRequest> v = SyncRequest.decode(big);
    assertThat(v)
        .isInstanceOfSatisfying(
            Validated.Invalid.class, i -> assertThat(i.rejection()).isEqualTo(Rejection.TOO_LARGE));
  }

  @Test
  void garbageAndOutOfRangeFieldsAreMalformed() {
    for (String bad :
        new String[] {
          "garbage",
          "{\"afterSeq\":0,\"limit\":65,\"networkId\":\"n\",\"router\":\"r\"}",
          "{\"afterSeq\":-1,\"limit\":1,\"networkId\":\"n\",\"router\":\"r\"}",
          "{\"afterSeq\":0,\"limit\":1,\"networkId\":\"N!\",\"router\":\"r\"}",
          "{\"afterSeq\":0,\"extra\":1,\"limit\":1,\"networkId\":\"n\",\"router\":\"r\"}"
        }) {
      assertThat(SyncRequest.decode(bad.getBytes(StandardCharsets.UTF_8)).isValid())
          .as(bad)
          .isFalse();
    }
  }

  @Test
  void ourOwnRequestsMustBeInRange() {
    assertThatThrownBy(() -> new SyncRequest("n", "r", 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SyncRequest("n", "r", -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLimitsFitOneSignedDecisionPerFrame() {
    assertThat(SyncProtocol.LIMITS.maxResponseFrameBytes())
        .isEqualTo(org.peerprobe.consensus.model.SignedDecision.MAX_ENCODED_BYTES);
    assertThat(SyncProtocol.LIMITS.maxResponseFrames())
        .isEqualTo(SyncProtocol.MAX_DECISIONS_PER_RESPONSE);
  }
}
