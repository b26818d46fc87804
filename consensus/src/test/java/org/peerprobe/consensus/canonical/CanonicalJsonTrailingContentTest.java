package org.peerprobe.consensus.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

class CanonicalJsonTrailingContentTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void encodesMembersSortedWithoutWhitespace() {
    var o = CanonicalJson.object();
    o.put("b", 1);
    o.put("a", "x\n");
    assertThat(CanonicalJson.encodeToString(o)).isEqualTo("{\"a\":\"x\\n\",\"b\":1}");
  }

  @Test
  void parsesOneValueFollowedOnlyByWhitespace() {
    assertThat(CanonicalJson.parse(utf8("{\"a\":1}\n"), 100).get("a").asLong()).isEqualTo(1);
  }

  @Test
  void rejectsContentAfterTheValue() {
    for (String trailing : new String[] {"}", "x", "{\"b\":2}", "[]", "1", "\"s\""}) {
      assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"a\":1}" + trailing), 100))
          .as("trailing %s", trailing)
          .isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void aSignedReportWithBytesAppendedIsNotTheSameReport() {
    SignedReport r = TestNetwork.of(3, 2).report(0, 1, TestNetwork.PRIMARY, Status.UP);
    byte[] encoded = r.encode();
    byte[] appended = new byte[encoded.length + 1];
    System.arraycopy(encoded, 0, appended, 0, encoded.length);
    appended[encoded.length] = '}';
    Validated<SignedReport> v = SignedReport.decode(appended);
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    assertThat(((Validated.Invalid<SignedReport>) v).rejection()).isEqualTo(Rejection.MALFORMED);
  }

  @Test
  void rejectsDuplicateMembersFloatsAndOversizedInput() {
    assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"a\":1,\"a\":2}"), 100))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"a\":1.5}"), 100))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"a\":9007199254740992}"), 100))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"a\":1}"), 6))
        .isInstanceOf(DecodeException.class);
  }
}
