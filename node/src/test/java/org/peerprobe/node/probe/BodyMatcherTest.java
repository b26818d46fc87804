package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The streaming substring search over body chunks. */
class BodyMatcherTest {
  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  private static BodyMatcher matcher(String needle, int limit) {
    return new BodyMatcher(needle.getBytes(StandardCharsets.UTF_8), limit);
  }

  @Test
  void findsTextSplitAcrossChunks() {
    BodyMatcher m = matcher("healthy", 1024);

    assertThat(m.feed(bytes("<p>front is hea"))).isEqualTo(BodyMatcher.Result.MORE);
    assertThat(m.feed(bytes("lth"))).isEqualTo(BodyMatcher.Result.MORE);
    assertThat(m.feed(bytes("y</p>"))).isEqualTo(BodyMatcher.Result.FOUND);
  }

  @Test
  void handlesOverlappingPrefixes() {
    assertThat(matcher("aab", 100).feed(bytes("aaab"))).isEqualTo(BodyMatcher.Result.FOUND);
    assertThat(matcher("abab", 100).feed(bytes("abaabab"))).isEqualTo(BodyMatcher.Result.FOUND);
  }

  @Test
  void stopsAtTheLimit() {
    BodyMatcher m = matcher("needle", 10);

    assertThat(m.feed(bytes("0123456789needle"))).isEqualTo(BodyMatcher.Result.LIMIT);
    assertThat(m.bytesSeen()).isEqualTo(10);
    assertThat(matcher("needle", 10).feed(bytes("0123needle"))).isEqualTo(BodyMatcher.Result.FOUND);
  }

  @Test
  void matchesUtf8Text() {
    assertThat(matcher("Grüße", 100).feed(bytes("<p>Viele Grüße</p>")))
        .isEqualTo(BodyMatcher.Result.FOUND);
  }

  @Test
  void leavesTheBufferIndicesAlone() {
    ByteBuf b = bytes("xx healthy");
    matcher("healthy", 100).feed(b);
    assertThat(b.readerIndex()).isZero();
    b.release();
  }

  @Property(tries = 300)
  void agreesWithStringContainsForAnySplit(
      @ForAll @StringLength(max = 60) String body,
      @ForAll @StringLength(min = 1, max = 4) String needle,
      @ForAll @IntRange(min = 0, max = 60) int split) {
    String ascii = body.replaceAll("[^a-c]", "a");
    String n = needle.replaceAll("[^a-c]", "b");
    int at = Math.min(split, ascii.length());
    BodyMatcher m = matcher(n, 1024);
    BodyMatcher.Result first = m.feed(bytes(ascii.substring(0, at)));
    BodyMatcher.Result result =
        first == BodyMatcher.Result.FOUND ? first : m.feed(bytes(ascii.substring(at)));

    assertThat(result == BodyMatcher.Result.FOUND).isEqualTo(ascii.contains(n));
  }
}
