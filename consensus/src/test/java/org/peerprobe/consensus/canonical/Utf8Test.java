package org.peerprobe.consensus.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  private static boolean ours(byte[] b) {
    try {
      Utf8.check(b, "$");
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }

  /** The JDK's decoder is strict about overlong forms and surrogates: a reference to agree with. */
  private static final CharsetDecoder JDK =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private static boolean jdk(byte[] b) {
    CharBuffer out = CharBuffer.allocate(8);
    return !JDK.reset().decode(ByteBuffer.wrap(b), out, true).isError()
        && !JDK.flush(out).isError();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c280", // U+0080
        "dfbf", // U+07FF
        "e0a080", // U+0800
        "ed9fbf", // U+D7FF, below the surrogates
        "ee8080", // U+E000, above them
        "efbfbf", // U+FFFF
        "f0908080", // U+10000
        "f48fbfbf", // U+10FFFF
        "090a0d20" // the JSON whitespace bytes
      })
  void acceptsBoundariesOfEachForm(String h) {
    assertThatCode(() -> Utf8.check(hex(h), "$")).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c080", // overlong U+0000
        "c1bf", // overlong U+007F
        "e09fbf", // overlong U+07FF
        "eda080", // encoded high surrogate (CESU-8)
        "edbfbf", // encoded low surrogate
        "f08fbfbf", // overlong U+FFFF
        "f4908080", // above U+10FFFF
        "f5808080", // lead byte out of range
        "80", // continuation without a lead byte
        "e282", // truncated
        "ff"
      })
  void rejectsMalformedSequencesNamingTheOffset(String h) {
    byte[] b = hex("2261" + h + "22");
    assertThatThrownBy(() -> Utf8.check(b, "msg"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("msg: invalid UTF-8 at byte offset 2");
  }

  @Test
  void rejectsRawControlBytesOtherThanJsonWhitespace() {
    for (int c = 0; c < 0x20; c++) {
      byte[] b = {'[', (byte) c, '1', ']'};
      assertThat(ours(b)).as("byte %02x", c).isEqualTo(c == 0x09 || c == 0x0a || c == 0x0d);
    }
  }

  @Test
  void rejectsAByteOrderMark() {
    assertThatThrownBy(() -> Utf8.check(hex("efbbbf5b5d"), "$"))
        .hasMessage("$: a byte order mark is not allowed");
  }

  /**
   * Every pair of non-control bytes followed by each class of continuation byte (the BOM, which we
   * refuse and the JDK decodes, aside).
   */
  @Test
  void agreesWithTheJdkDecoderOnNonControlInput() {
    int checked = 0;
    for (int b0 = 0x20; b0 < 0x100; b0++) {
      for (int b1 = 0x20; b1 < 0x100; b1++) {
        for (int b2 : new int[] {0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0}) {
          for (int b3 : new int[] {0x41, 0x80, 0xbf}) {
            if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) {
              continue;
            }
            byte[] b = {(byte) b0, (byte) b1, (byte) b2, (byte) b3};
            if (ours(b) != jdk(b)) {
              fail("disagree on %s", HexFormat.of().formatHex(b));
            }
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(224 * 224 * 21 - 3);
  }
}
