package org.peerprobe.node.dns.dnsjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

class RecordCodecTest {
  static final RecordKey TXT = RecordKey.of("_peerprobe.example.test.", "TXT");

  @Property(tries = 300)
  void anyTxtValueSurvivesTheWireFormat(@ForAll @StringLength(max = 800) String value)
      throws Exception {
    Assume.that(StandardCharsets.UTF_8.newEncoder().canEncode(value));
    RecordSet txt = new RecordSet(TXT, 60, List.of(value));

    assertThat(RecordCodec.toRecordSet(TXT, throughTheWire(RecordCodec.toRecords(txt, 60))))
        .contains(txt);
  }

  @Test
  void aTxtValueIsSplitIntoCharacterStringsOfAtMost255Bytes() {
    String value = "é".repeat(200); // 400 bytes; a 2-byte character straddles the 255 boundary
    TXTRecord r =
        (TXTRecord) RecordCodec.toRecords(RecordSet.of(TXT.name(), "TXT", 1, value), 1).get(0);

    assertThat(r.getStringsAsByteArrays()).extracting(b -> b.length).containsExactly(255, 145);
    assertThat(RecordCodec.value(r)).isEqualTo(value);
    assertThat(r.rdataToString()).startsWith("\"\\195\\169");
  }

  @Test
  void otherTypesUseDnsjavasPresentationForm() {
    RecordSet mx = RecordSet.of("example.test.", "MX", 300, "10 mx.example.test.");
    RecordSet aaaa = RecordSet.of("example.test.", "AAAA", 300, "2001:db8::1");

    assertThat(RecordCodec.value(RecordCodec.toRecords(mx, 300).get(0)))
        .isEqualTo("10 mx.example.test.");
    assertThat(RecordCodec.value(RecordCodec.toRecords(aaaa, 300).get(0)))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aValueInvalidForItsTypeNamesTheRrsetAndTheValue() {
    assertThatThrownBy(
            () -> RecordCodec.toRecords(RecordSet.of("a.example.test.", "A", 60, "1.2.3"), 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1.2.3'")
        .hasMessageContaining("a.example.test. A");
    assertThatThrownBy(
            () -> RecordCodec.toRecords(RecordSet.of("a.example.test.", "A", 60, "1.2.3.4 5"), 60))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** {@code records} in a message's answer section, encoded and parsed again. */
  private static List<Record> throughTheWire(List<Record> records) throws Exception {
    Message m = new Message();
    records.forEach(r -> m.addRecord(r, Section.ANSWER));
    return new Message(m.toWire()).getSection(Section.ANSWER);
  }
}
