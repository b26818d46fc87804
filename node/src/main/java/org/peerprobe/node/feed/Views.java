package org.peerprobe.node.feed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.quorum.Equivocation;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.store.FrontVerdictRow;
import org.peerprobe.node.store.ObserverStats;
import org.peerprobe.node.store.ReplacedDecision;

/** The JSON shapes of {@code docs/feed.md}, built from the node's records. */
final class Views {
  private Views() {}

  static ObjectNode status(LiveState s, long nowMs) {
    ObjectNode o = FeedResponse.object();
    o.put("networkId", s.bundle().networkId());
    o.put("bundleVersion", s.bundle().version());
    o.put("peerId", s.peerId());
    ArrayNode listen = o.putArray("listen");
    s.listen().forEach(listen::add);
    o.put("round", Math.floorDiv(nowMs, s.intervalMs()));
    o.put("roundIntervalMs", s.intervalMs());
    o.put("time", nowMs);
    o.put("signerReady", s.signerReady());
    ArrayNode fronts = o.putArray("fronts");
    for (Front f : s.bundle().fronts()) {
      ObjectNode fo = fronts.addObject();
      fo.put("id", f.id());
      fo.put("hostname", f.hostname());
      LiveState.FrontNow now = s.fronts().get(f.id());
      if (now != null) {
        fo.put("verdict", now.verdict().name());
        fo.put("round", now.round());
        now.certificate().ifPresent(c -> fo.put("certificate", c));
      }
    }
    ArrayNode routers = o.putArray("routers");
    for (Router r : s.bundle().routers()) {
      ObjectNode ro = routers.addObject();
      ro.put("name", r.policy().name());
      LiveState.RouterNow now = s.routers().get(r.policy().name());
      String active = now == null ? r.policy().primary() : now.active();
      ro.put("active", active);
      s.bundle().front(active).ifPresent(f -> ro.put("hostname", f.hostname()));
      ro.putArray("fronts").add(r.policy().primary()).add(r.policy().secondary());
      if (now != null) {
        now.decision().ifPresent(d -> ro.set("decision", decision(d)));
        ArrayNode receipts = ro.putArray("receipts");
        now.receipts().forEach(rc -> receipts.add(receipt(rc)));
      }
    }
    return o;
  }

  static ObjectNode round(FrontVerdictRow row) {
    ObjectNode o = FeedResponse.object();
    o.put("round", row.round());
    o.put("verdict", row.verdict().name());
    o.put("up", row.upWeight());
    o.put("down", row.downWeight());
    o.put("total", row.totalWeight());
    ObjectNode nets = o.putObject("networks");
    row.networks()
        .forEach(
            (n, w) -> {
              ObjectNode no = nets.putObject(n);
              no.put("up", w.up());
              no.put("down", w.down());
            });
    row.certificateId().ifPresent(c -> o.put("certificate", c));
    return o;
  }

  /** The {@code verdict} event: one element of {@code rounds} plus its front. */
  static ObjectNode verdictEvent(FeedEvent.VerdictReached v) {
    ObjectNode o = FeedResponse.object();
    o.put("front", v.front());
    o.put("round", v.round());
    o.put("verdict", v.verdict().name());
    NodeEvent.Tallied t = v.tally();
    if (t != null) {
      o.put("up", t.upByNetwork().values().stream().mapToLong(Long::longValue).sum());
      o.put("down", t.downByNetwork().values().stream().mapToLong(Long::longValue).sum());
      o.put("total", t.totalWeight());
      ObjectNode nets = o.putObject("networks");
      java.util.SortedSet<String> names = new java.util.TreeSet<>(t.upByNetwork().keySet());
      names.addAll(t.downByNetwork().keySet());
      for (String n : names) {
        ObjectNode no = nets.putObject(n);
        no.put("up", t.upByNetwork().getOrDefault(n, 0L));
        no.put("down", t.downByNetwork().getOrDefault(n, 0L));
      }
    }
    o.put("certificate", v.certificate());
    o.put("time", v.ts());
    return o;
  }

  /** A decision's summary; the signed object itself is added by {@link #decisionWithSigned}. */
  static ObjectNode decision(SignedDecision signed) {
    Decision d = signed.decision();
    ObjectNode o = FeedResponse.object();
    o.put("router", d.router());
    o.put("seq", d.seq());
    o.put("id", d.id());
    o.put("prev", d.prev());
    o.put("round", d.round());
    o.put("from", d.from());
    o.put("to", d.to());
    o.put("reason", d.reason().name());
    o.put("signer", signed.signer().peerId());
    ArrayNode certs = o.putArray("certificates");
    d.certificates().forEach(certs::add);
    d.command().ifPresent(c -> o.put("command", c.command().describe()));
    return o;
  }

  /** A signer's apply receipt: what each DNS provider did with a decision. */
  static ObjectNode receipt(SignedApplyReceipt signed) {
    ApplyReceipt r = signed.receipt();
    ObjectNode o = FeedResponse.object();
    o.put("router", r.router());
    o.put("seq", r.seq());
    o.put("decision", r.decision());
    o.put("name", r.name());
    o.put("target", r.target());
    o.put("signer", signed.signer().peerId());
    o.put("issuedAt", r.issuedAtMs());
    ArrayNode providers = o.putArray("providers");
    for (ProviderResult p : r.providers()) {
      ObjectNode po = providers.addObject();
      po.put("provider", p.provider());
      po.put("outcome", p.outcome().name());
      p.heldSeq().ifPresent(h -> po.put("heldSeq", h));
      p.detail().ifPresent(d -> po.put("detail", d));
      po.put("checkedAt", p.checkedAtMs());
    }
    return o;
  }

  static ObjectNode decisionWithSigned(SignedDecision signed) {
    ObjectNode o = decision(signed);
    o.set("signed", signed.toJson());
    return o;
  }

  /** A decision a longer branch replaced: as in the decisions list, and what replaced it when. */
  static ObjectNode fork(ReplacedDecision replaced) {
    ObjectNode o = decisionWithSigned(replaced.decision());
    o.put("replacedBy", replaced.replacedBy());
    o.put("replacedAt", replaced.replacedAtMs());
    o.put("position", replaced.position());
    return o;
  }

  static ObjectNode observer(Observer member, ObserverStats stats) {
    ObjectNode o = FeedResponse.object();
    o.put("peerId", member.key().peerId());
    o.put("network", member.network());
    o.put("label", member.label());
    o.put("weight", member.weight());
    if (stats != null) {
      o.put("lastRound", stats.lastSeenRound());
      o.put("rounds", stats.rounds());
      o.put("judged", stats.judged());
      stats.agreementShare().ifPresent(a -> o.put("agreed", Math.round(a * 10_000) / 10_000.0));
    } else {
      o.put("rounds", 0);
    }
    return o;
  }

  static ObjectNode equivocation(Equivocation e) {
    ObjectNode o = FeedResponse.object();
    o.put("observer", e.first().report().observer().peerId());
    o.put("round", e.round());
    o.set("first", e.first().toJson());
    o.set("second", e.second().toJson());
    return o;
  }
}
