package org.peerprobe.node.dns.zonefile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.dnsjava.RecordCodec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The records of one zone as held in a BIND master file, in file order. Immutable: {@link #replace}
 * returns a new one. Parsing is dnsjava's {@link Master} ({@code $ORIGIN}, {@code $TTL}, {@code
 * $GENERATE} expanded; {@code $INCLUDE} refused, since rewriting would inline the other file);
 * {@link #render()} writes one absolute record per line, so comments, relative names and layout of
 * a hand-edited file are not kept, only its records.
 */
final class ZoneFile {
  /** Serial arithmetic modulus (RFC 1982, 32-bit serials). */
  private static final long SERIAL_MODULUS = 1L << 32;

  /** TTL of the SOA and NS of a zone file created from nothing. */
  static final long NEW_ZONE_TTL = 3600;

  private final Name origin;
  private final List<Record> records;

  private ZoneFile(Name origin, List<Record> records) {
    this.origin = origin;
    this.records = List.copyOf(records);
  }

  /**
   * Parses {@code text} for {@code zone}.
   *
   * @throws IOException with the line of the first error, or when there is no SOA at the apex
   */
  static ZoneFile parse(String zone, byte[] text) throws IOException {
    Name origin = RecordCodec.name(zone);
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(new ByteArrayInputStream(text), origin)) {
      master.disableIncludes(true);
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    }
    ZoneFile z = new ZoneFile(origin, records);
    if (z.soaOrNull() == null) {
      throw new IOException("no SOA record at the apex " + origin);
    }
    return z;
  }

  /** A zone with only a SOA (serial 1) and an NS, both naming {@code localhost.}. */
  static ZoneFile minimal(String zone) {
    Name origin = RecordCodec.name(zone);
    Name localhost = RecordCodec.name("localhost.");
    Name admin = RecordCodec.name("hostmaster." + zone);
    return new ZoneFile(
        origin,
        List.of(
            new SOARecord(
                origin, DClass.IN, NEW_ZONE_TTL, localhost, admin, 1, 3600, 600, 86400, 60),
            new NSRecord(origin, DClass.IN, NEW_ZONE_TTL, localhost)));
  }

  /** The RRset of {@code key}, or empty. */
  Optional<RecordSet> rrset(RecordKey key) {
    return RecordCodec.toRecordSet(key, records);
  }

  /** The types present at {@code key}'s owner name. */
  Set<String> typesAt(RecordKey key) {
    Name name = RecordCodec.name(key.name());
    Set<String> types = new HashSet<>();
    for (Record r : records) {
      if (r.getName().equals(name)) {
        types.add(Type.string(r.getType()));
      }
    }
    return types;
  }

  /**
   * This zone with each of {@code upserts} replacing its RRset (in place, or after the last record
   * of the same name, or at the end) and the SOA serial incremented.
   */
  ZoneFile replace(List<RecordSet> upserts) {
    List<Record> out = new ArrayList<>(records);
    for (RecordSet rrset : upserts) {
      Name name = RecordCodec.name(rrset.key().name());
      int type = RecordCodec.type(rrset.key());
      int at = -1;
      int lastOfName = -1;
      for (int i = out.size() - 1; i >= 0; i--) {
        Record r = out.get(i);
        if (r.getName().equals(name)) {
          if (r.getType() == type) {
            out.remove(i);
            at = i;
          } else if (lastOfName < 0) {
            lastOfName = i;
          }
        }
      }
      if (at < 0) {
        at = lastOfName >= 0 ? Math.min(lastOfName + 1, out.size()) : out.size();
      }
      out.addAll(at, RecordCodec.toRecords(rrset, rrset.ttl()));
    }
    SOARecord soa = soa();
    long serial = (soa.getSerial() + 1) % SERIAL_MODULUS;
    out.set(
        out.indexOf(soa),
        new SOARecord(
            soa.getName(),
            soa.getDClass(),
            soa.getTTL(),
            soa.getHost(),
            soa.getAdmin(),
            serial,
            soa.getRefresh(),
            soa.getRetry(),
            soa.getExpire(),
            soa.getMinimum()));
    return new ZoneFile(origin, out);
  }

  /** The zone in master-file format: a header comment, {@code $ORIGIN}, one record per line. */
  byte[] render() {
    StringBuilder sb = new StringBuilder();
    sb.append("; zone ")
        .append(origin)
        .append(", maintained by peerprobe: every change rewrites this file,\n")
        .append("; keeping its records but not its comments or layout.\n")
        .append("$ORIGIN ")
        .append(origin)
        .append('\n');
    for (Record r : records) {
      sb.append(r).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private SOARecord soa() {
    SOARecord soa = soaOrNull();
    if (soa == null) {
      throw new IllegalStateException("no SOA record for " + origin); // parse() checked
    }
    return soa;
  }

  private SOARecord soaOrNull() {
    for (Record r : records) {
      if (r instanceof SOARecord soa && r.getName().equals(origin)) {
        return soa;
      }
    }
    return null;
  }
}
