package org.peerprobe.node.dns.rfc2136;

import java.util.ArrayList;
import java.util.List;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.dnsjava.RecordCodec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Update;

/**
 * Builds the DNS messages an {@link Rfc2136Provider} sends. Stateless; throws {@link
 * IllegalArgumentException} for content that cannot be sent (the caller's or the configuration's
 * fault), never does I/O.
 *
 * <p>An update carries, in this order: a prerequisite per {@link Precondition} ({@link
 * Precondition.HasValues}: one value-dependent "RRset exists" record per value, which RFC 2136
 * 3.2.5 compares as a whole RRset, ignoring TTLs; {@link Precondition.Absent}: "RRset does not
 * exist"); then one guard per upserted non-CNAME RRset, "no CNAME at this name", because a server
 * silently ignores data added beside a CNAME (RFC 2136 3.4.2.2, BIND logs "attempt to add non-CNAME
 * alongside CNAME ignored") and would answer NOERROR for a write that changed nothing; then, per
 * upserted RRset, "delete the RRset" followed by "add" of each value.
 *
 * <p>The reverse case, a CNAME written where other data exists, cannot be expressed as a
 * prerequisite (it would need "name not in use OR CNAME exists"), so it is not guarded: the server
 * answers NOERROR and keeps the other data.
 */
final class Rfc2136Messages {
  /**
   * Largest update sent, in bytes before signing: a DNS message is at most {@link
   * Message#MAXLENGTH} bytes over TCP, and dnsjava silently drops the records that do not fit
   * (setting TC) instead of failing. The margin holds the TSIG record (HMAC-SHA512: 64-byte MAC
   * plus names and fields, ~150 bytes) and the EDNS OPT record.
   */
  static final int MAX_UPDATE_BYTES = Message.MAXLENGTH - 1024;

  private Rfc2136Messages() {}

  /** A non-recursive query for one RRset. */
  static Message query(RecordKey key) {
    Message q =
        Message.newQuery(
            Record.newRecord(RecordCodec.name(key.name()), RecordCodec.type(key), DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    return q;
  }

  /** The preconditions the server checks: the write's own, then the CNAME guards. */
  static List<Precondition> effectivePreconditions(RecordWrite write) {
    List<Precondition> all = new ArrayList<>(write.preconditions());
    for (RecordSet r : write.upserts()) {
      if (!r.key().type().equals("CNAME")) {
        Precondition guard = new Precondition.Absent(cnameAt(r.key()));
        if (!all.contains(guard)) {
          all.add(guard);
        }
      }
    }
    return all;
  }

  /** The key of a CNAME at {@code key}'s name. */
  static RecordKey cnameAt(RecordKey key) {
    return new RecordKey(key.name(), "CNAME");
  }

  /**
   * The update for {@code write} to {@code zone}.
   *
   * @throws IllegalArgumentException when a name is outside the zone, a value is not valid for its
   *     type, or the update is larger than {@link #MAX_UPDATE_BYTES}
   */
  static Update update(String zone, RecordWrite write) {
    Update u = new Update(RecordCodec.name(zone));
    for (Precondition p : effectivePreconditions(write)) {
      requireInZone(zone, p.key());
      if (p instanceof Precondition.HasValues has) {
        RecordCodec.toRecords(has.expected(), 0).forEach(u::present);
      } else {
        u.absent(RecordCodec.name(p.key().name()), RecordCodec.type(p.key()));
      }
    }
    for (RecordSet r : write.upserts()) {
      requireInZone(zone, r.key());
      Name name = RecordCodec.name(r.key().name());
      u.delete(name, RecordCodec.type(r.key()));
      RecordCodec.toRecords(r, r.ttl()).forEach(u::add);
    }
    int size = u.toWire().length;
    if (size > MAX_UPDATE_BYTES) {
      throw new IllegalArgumentException(
          "the update for "
              + write.upserts().size()
              + " RRsets is "
              + size
              + " bytes; one DNS message carries at most "
              + MAX_UPDATE_BYTES
              + " (split the write)");
    }
    return u;
  }

  private static void requireInZone(String zone, RecordKey key) {
    if (!key.isIn(zone)) {
      throw new IllegalArgumentException(key + " is not in zone " + zone);
    }
  }
}
