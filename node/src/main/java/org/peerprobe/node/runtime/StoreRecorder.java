package org.peerprobe.node.runtime;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.Equivocation;
import org.peerprobe.consensus.quorum.FrontTally;
import org.peerprobe.node.service.NodeRecorder;
import org.peerprobe.node.store.DecisionWrite;
import org.peerprobe.node.store.FrontVerdictRow;
import org.peerprobe.node.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a node sees in its {@link Store}. Rows are written asynchronously; a failed row is
 * logged and lost (the round goes on), except decisions, whose future completes only once the
 * decision is durable (see {@link NodeRecorder#decision}).
 */
public final class StoreRecorder implements NodeRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRecorder.class);

  private final Store store;
  private final LongSupplier clock;
  private final TakenCommands commands;

  /**
   * A recorder into {@code store} that keeps taken operator commands in {@code dataDir}, on the
   * wall clock: what a node outside a {@link NodeRunner} (the demo's) needs.
   */
  public static org.peerprobe.node.service.NodeRecorder forDataDir(
      Store store, java.nio.file.Path dataDir) {
    return new StoreRecorder(store, System::currentTimeMillis, TakenCommands.load(dataDir));
  }

  StoreRecorder(Store store, LongSupplier clock, TakenCommands commands) {
    this.store = store;
    this.clock = clock;
    this.commands = commands;
  }

  @Override
  public void command(org.peerprobe.consensus.model.SignedOperatorCommand command) {
    commands.taken(command);
  }

  @Override
  public void report(SignedReport report, boolean own) {
    store.saveReport(report, own, clock.getAsLong()).whenComplete(StoreRecorder::logged);
  }

  @Override
  public void receipt(org.peerprobe.consensus.model.SignedApplyReceipt receipt) {
    store.saveReceipt(receipt).whenComplete(StoreRecorder::logged);
  }

  @Override
  public void certificate(QuorumCertificate certificate) {
    store.saveCertificate(certificate).whenComplete(StoreRecorder::logged);
  }

  @Override
  public void verdict(FrontTally tally, Optional<String> certificateId) {
    // A certificate received from the network can cite a quorum this node's own tally never
    // reached (it missed reports); the row is this node's tally, the certificate is stored apart.
    Optional<String> cited =
        tally.verdict() == org.peerprobe.consensus.model.Verdict.NO_QUORUM
            ? Optional.empty()
            : certificateId;
    FrontVerdictRow row;
    try {
      row = FrontVerdictRow.of(tally, cited);
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "verdict of {} round {} not stored: {}", tally.front(), tally.round(), e.getMessage());
      return;
    }
    store.saveVerdict(row).whenComplete(StoreRecorder::logged);
  }

  @Override
  public void equivocation(Equivocation evidence) {
    store.saveEquivocation(evidence).whenComplete(StoreRecorder::logged);
  }

  @Override
  public CompletableFuture<Void> decision(SignedDecision decision) {
    return store
        .saveDecision(decision)
        .thenApply(
            written -> {
              if (written instanceof DecisionWrite.Stored
                  || written instanceof DecisionWrite.AlreadyStored) {
                return null;
              }
              if (written instanceof DecisionWrite.Conflict c
                  && c.held().decision().to().equals(decision.decision().to())) {
                // Another signer's equivalent decision at this seq (same switch, other evidence).
                LOG.info(
                    "decision {} seq {}: an equivalent decision of another signer is held",
                    decision.decision().router(),
                    decision.decision().seq());
              } else {
                // the node's chain sync repairs the log from peers (see ChainRepair)
                LOG.info(
                    "decision {} seq {} not stored: {}",
                    decision.decision().router(),
                    decision.decision().seq(),
                    written);
              }
              throw new IllegalStateException("decision not stored: " + written);
            });
  }

  private static void logged(Object result, Throwable err) {
    if (err != null) {
      LOG.warn("could not store: {}", err.toString());
    }
  }
}
