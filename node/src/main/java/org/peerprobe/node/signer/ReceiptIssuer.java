package org.peerprobe.node.signer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.ApplyOutcome;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.p2p.core.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@link Reconciler}'s finished attempts into signed {@link ApplyReceipt}s: one once
 * every provider has an outcome for a router's current decision, then one whenever that set of
 * outcomes changes (a failed provider converges, a converged one fails, a newer decision fences
 * one).
 *
 * <p>Bounded: what counts as a change is the class of each provider's outcome (converged, fenced at
 * a seq, failed), not its error text or check time, and a router gets at most one receipt per
 * {@code spacing}; changes within it are folded into one receipt at its end, and none is issued
 * when the outcomes came back to what the last receipt said. A provider that flaps therefore costs
 * at most one receipt per spacing.
 *
 * <p>A converged provider stays {@link ApplyOutcome#APPLIED} in later receipts for the same
 * decision while drift checks find the record {@link ApplyOutcome#ALREADY_THERE}: the receipt says
 * what this signer did for the decision.
 *
 * <p>One writer: call {@link #accept} on {@code scheduler}, the reconciler's (its listener runs
 * there).
 */
public final class ReceiptIssuer implements Consumer<Reconciler.Applied> {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptIssuer.class);

  private final String networkId;
  private final List<String> providers;
  private final Ed25519KeyPair key;
  private final Scheduler scheduler;
  private final Duration spacing;
  private final Consumer<SignedApplyReceipt> sink;
  private final Map<String, RouterState> routers = new LinkedHashMap<>();

  /**
   * @param providers the ids of every provider the reconciler writes to
   * @param sink where each signed receipt goes (e.g. the node, which keeps and publishes it)
   * @throws IllegalArgumentException for more than {@link ApplyReceipt#MAX_PROVIDERS} providers
   *     (the configuration's fault)
   */
  public ReceiptIssuer(
      String networkId,
      List<String> providers,
      Ed25519KeyPair key,
      Scheduler scheduler,
      Duration spacing,
      Consumer<SignedApplyReceipt> sink) {
    if (providers.isEmpty() || providers.size() > ApplyReceipt.MAX_PROVIDERS) {
      throw new IllegalArgumentException(
          "a signer's receipts list 1.." + ApplyReceipt.MAX_PROVIDERS + " providers");
    }
    this.networkId = networkId;
    this.providers = List.copyOf(providers);
    this.key = key;
    this.scheduler = scheduler;
    this.spacing = spacing;
    this.sink = sink;
  }

  /**
   * Picks up where this signer's last stored receipt for a router left off (after a restart), so
   * that the checks that find every provider as it was issue no new receipt, and a provider this
   * signer wrote stays {@link ApplyOutcome#APPLIED}. Call before the reconciler resumes.
   */
  public void resume(SignedApplyReceipt own) {
    ApplyReceipt r = own.receipt();
    scheduler.execute(
        () -> {
          RouterState st = routers.get(r.router());
          if (st != null && st.target.fence().seq() >= r.seq()) {
            return;
          }
          st =
              new RouterState(
                  new RouterTarget(
                      r.router(), r.name(), r.target(), 0, new Fence(r.seq(), r.decision())));
          for (ProviderResult p : r.providers()) {
            if (providers.contains(p.provider())) { // one since removed from the configuration
              st.lines.put(p.provider(), p);
            }
          }
          st.issued = st.changes();
          st.lastIssuedAt = r.issuedAtMs();
          routers.put(r.router(), st);
        });
  }

  @Override
  public void accept(Reconciler.Applied a) {
    RouterTarget target = a.target();
    if (target.fence().seq() < 1) {
      return; // a record put in place before any decision (the demo's start): nothing to receipt
    }
    RouterState st = routers.get(target.router());
    if (st == null) {
      st = new RouterState(target);
      routers.put(target.router(), st);
    } else if (!st.target.fence().equals(target.fence())) {
      if (target.fence().seq() < st.target.fence().seq()) {
        return; // an attempt for a decision the router has left behind
      }
      st.startDecision(target);
    }
    long now = scheduler.nowMillis();
    ProviderResult before = st.lines.get(a.outcome().provider());
    st.lines.put(a.outcome().provider(), line(a.outcome(), before, now));
    if (st.lines.keySet().containsAll(providers) && !st.changes().equals(st.issued)) {
      schedule(st, now);
    }
  }

  private void schedule(RouterState st, long now) {
    if (st.pending != null) {
      return; // the receipt due at the end of the spacing will carry this change too
    }
    long wait = st.lastIssuedAt == Long.MIN_VALUE ? 0 : st.lastIssuedAt + spacing.toMillis() - now;
    if (wait <= 0) {
      issue(st);
    } else {
      st.pending = scheduler.schedule(Duration.ofMillis(wait), () -> issue(st));
    }
  }

  private void issue(RouterState st) {
    st.pending = null;
    List<String> changes = st.changes();
    if (!st.lines.keySet().containsAll(providers) || changes.equals(st.issued)) {
      return; // a newer decision's providers have not all answered yet, or nothing changed
    }
    long now = scheduler.nowMillis();
    List<ProviderResult> lines = new ArrayList<>();
    for (String id : providers) {
      ProviderResult p = st.lines.get(id);
      // the wall clock may have stepped back since the check
      lines.add(p.checkedAtMs() <= now ? p : withCheckedAt(p, now));
    }
    RouterTarget t = st.target;
    SignedApplyReceipt signed;
    try {
      ApplyReceipt r =
          new ApplyReceipt(
              networkId,
              t.router(),
              t.fence().seq(),
              t.fence().decisionId(),
              t.name(),
              t.target(),
              now,
              lines.stream().sorted((x, y) -> x.provider().compareTo(y.provider())).toList());
      signed = SignedApplyReceipt.sign(r, key);
    } catch (IllegalArgumentException e) {
      LOG.warn("no receipt for {} seq {}: {}", t.router(), t.fence().seq(), e.getMessage());
      return;
    }
    st.issued = changes;
    st.lastIssuedAt = now;
    LOG.info(
        "receipt for {} seq {}: {}",
        t.router(),
        t.fence().seq(),
        lines.stream().map(p -> p.provider() + " " + p.outcome()).toList());
    sink.accept(signed);
  }

  private static ProviderResult line(ProviderOutcome o, ProviderResult before, long now) {
    if (o instanceof ProviderOutcome.Applied) {
      return ProviderResult.applied(o.provider(), now);
    }
    if (o instanceof ProviderOutcome.AlreadyThere) {
      return before != null && before.outcome() == ApplyOutcome.APPLIED
          ? ProviderResult.applied(o.provider(), now)
          : ProviderResult.alreadyThere(o.provider(), now);
    }
    if (o instanceof ProviderOutcome.Fenced f) {
      return ProviderResult.fenced(o.provider(), f.heldSeq(), now);
    }
    ProviderOutcome.Failed f = (ProviderOutcome.Failed) o;
    return ProviderResult.failed(o.provider(), ProviderResult.detailOf(f.reason()), now);
  }

  private static ProviderResult withCheckedAt(ProviderResult p, long at) {
    return new ProviderResult(p.provider(), p.outcome(), p.heldSeq(), p.detail(), at);
  }

  /** One router's current decision, its providers' lines and what the last receipt said. */
  private static final class RouterState {
    RouterTarget target;
    final Map<String, ProviderResult> lines = new TreeMap<>();
    List<String> issued = List.of();
    long lastIssuedAt = Long.MIN_VALUE;
    Scheduler.Cancellable pending;

    RouterState(RouterTarget target) {
      this.target = target;
    }

    /** A newer decision: its providers start over; the spacing still counts from the last one. */
    void startDecision(RouterTarget next) {
      target = next;
      lines.clear();
      issued = List.of();
    }

    /** The class of each provider's outcome: what makes a new receipt worth issuing. */
    List<String> changes() {
      List<String> out = new ArrayList<>();
      lines.forEach(
          (id, p) ->
              out.add(
                  id
                      + "="
                      + switch (p.outcome()) {
                        case APPLIED, ALREADY_THERE -> "converged";
                        case FENCED -> "fenced@" + p.heldSeq().getAsLong();
                        case FAILED -> "failed";
                      }));
      return out;
    }
  }
}
