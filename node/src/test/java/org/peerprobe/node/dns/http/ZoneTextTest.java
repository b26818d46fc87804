package org.peerprobe.node.dns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZoneTextTest {
  @Test
  void quotesAndBackslashesAreEscaped() {
    assertThat(ZoneText.quote("seq=7 decision=ab\"cd 12"))
        .isEqualTo("\"seq=7 decision=ab\\\"cd 12\"");
    assertThat(ZoneText.quote("a\\b")).isEqualTo("\"a\\\\b\"");
    assertThat(ZoneText.quote("")).isEqualTo("\"\"");
  }

  @Test
  void bytesOutsidePrintableAsciiAreDecimalEscapes() {
    assertThat(ZoneText.quote("\u00e9\n")).isEqualTo("\"\\195\\169\\010\"");
    assertThat(ZoneText.unquote("\"\\195\\169\\010\"")).isEqualTo("\u00e9\n");
  }

  @Test
  void longValuesAreSplitIntoCharacterStringsAndJoinedBack() {
    String value = "x".repeat(600);
    String quoted = ZoneText.quote(value);
    assertThat(quoted.split("\" \"")).hasSize(3);
    assertThat(ZoneText.unquote(quoted)).isEqualTo(value);
  }

  @Test
  void roundTripsAndBareTokens() {
    for (String v : new String[] {"seq=1", "a \"b\" \\c", "\u00fc\u00df \ud83d\ude00", " lead"}) {
      assertThat(ZoneText.unquote(ZoneText.quote(v))).isEqualTo(v);
    }
    assertThat(ZoneText.unquote("abc \"d e\"")).isEqualTo("abcd e");
  }

  @Test
  void encodeMakesTargetsAbsolute() {
    assertThat(ZoneText.encode("CNAME", "a.example.test")).isEqualTo("a.example.test.");
    assertThat(ZoneText.encode("CNAME", "a.example.test.")).isEqualTo("a.example.test.");
    assertThat(ZoneText.encode("A", "192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(ZoneText.decode("TXT", "\"x\"")).isEqualTo("x");
  }

  @Test
  void malformedTextIsRefused() {
    assertThatThrownBy(() -> ZoneText.unquote("\"open"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZoneText.unquote("\"\\999\""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZoneText.unquote("\"x\\"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
