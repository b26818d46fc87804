package org.peerprobe.node.dns.dnsjava;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Converts {@link RecordSet}s to dnsjava {@link Record}s (class IN) and back. Stateless.
 *
 * <p>Every type but TXT goes through dnsjava's presentation format ({@link Record#fromString} and
 * {@link Record#rdataToString}), so a value reads back as dnsjava prints it: e.g. an AAAA value
 * comes back in Java's uncompressed form ({@code 2001:db8:0:0:0:0:0:1}).
 *
 * <p>A TXT value is the unquoted text, encoded as UTF-8 and split into character-strings of at most
 * {@link #TXT_CHUNK_BYTES} bytes; reading joins a record's character-strings back. dnsjava's own
 * string API would not round-trip: {@code TXTBase(…, List<String>)} parses backslash escapes with
 * the platform charset and {@code getStrings()} returns escaped text, so this class escapes every
 * byte itself and reads {@code getStringsAsByteArrays()}.
 */
public final class RecordCodec {
  /** Longest DNS character-string (RFC 1035 3.3: one length octet). */
  public static final int TXT_CHUNK_BYTES = 255;

  private RecordCodec() {}

  /** The dnsjava name of an absolute name; IllegalArgumentException when it is not one. */
  public static Name name(String absolute) {
    try {
      return Name.fromString(absolute, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + absolute, e);
    }
  }

  /** The dnsjava type code of a {@link RecordKey#TYPES} member. */
  public static int type(RecordKey key) {
    return Type.value(key.type());
  }

  /**
   * The records of {@code rrset}, each with {@code ttl} (the RRset's own TTL for an update, 0 for
   * an RFC 2136 prerequisite).
   *
   * @throws IllegalArgumentException naming the RRset and the value that is not valid for its type
   */
  public static List<Record> toRecords(RecordSet rrset, long ttl) {
    Name name = name(rrset.key().name());
    int type = type(rrset.key());
    List<Record> out = new ArrayList<>(rrset.values().size());
    for (String value : rrset.values()) {
      try {
        out.add(
            type == Type.TXT
                ? new TXTRecord(name, DClass.IN, ttl, txtChunks(value))
                : Record.fromString(name, type, DClass.IN, ttl, value, Name.root));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "value '" + value + "' is not a valid " + rrset.key() + " value: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The value of one record in this package's presentation form. */
  public static String value(Record record) {
    if (record instanceof TXTRecord txt) {
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      for (byte[] chunk : txt.getStringsAsByteArrays()) {
        joined.writeBytes(chunk);
      }
      return joined.toString(StandardCharsets.UTF_8);
    }
    return record.rdataToString();
  }

  /**
   * The RRset {@code key} among {@code records} (others are ignored), with the smallest TTL found;
   * empty when none matches.
   *
   * @throws IllegalArgumentException when the RRset is not one peerprobe manages (more than {@link
   *     RecordSet#MAX_VALUES} values, several CNAME targets)
   */
  public static Optional<RecordSet> toRecordSet(RecordKey key, List<? extends Record> records) {
    Name name = name(key.name());
    int type = type(key);
    List<String> values = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    for (Record r : records) {
      if (r.getType() == type && r.getName().equals(name)) {
        values.add(value(r));
        ttl = Math.min(ttl, r.getTTL());
      }
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(key, ttl, values));
  }

  /** {@code value} as escaped character-strings that dnsjava's TXT constructor decodes exactly. */
  private static List<String> txtChunks(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    List<String> chunks = new ArrayList<>(bytes.length / TXT_CHUNK_BYTES + 1);
    int start = 0;
    do {
      int end = Math.min(bytes.length, start + TXT_CHUNK_BYTES);
      chunks.add(escape(bytes, start, end));
      start = end;
    } while (start < bytes.length);
    return chunks;
  }

  private static String escape(byte[] bytes, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from + 8);
    for (int i = from; i < to; i++) {
      int b = bytes[i] & 0xff;
      if (b == '"' || b == '\\') {
        sb.append('\\').append((char) b);
      } else if (b < 0x20 || b > 0x7e) {
        sb.append('\\').append(String.format("%03d", b));
      } else {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }
}
