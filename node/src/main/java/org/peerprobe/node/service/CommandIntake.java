package org.peerprobe.node.service;

import java.time.Duration;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.VerifiedCommand;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * The checks an operator command from the network passes before a router sees it: it decodes, is
 * for this network and signed by the roster's operator key, and was issued within {@link #MAX_AGE}
 * before and {@link #MAX_LEAD} after this node's clock. The replay rule (issued after the router's
 * last command) is the router's, see {@link Routers#replays}.
 *
 * <p>The age limit bounds how long a captured command could be replayed to a node that forgot the
 * router's command history (a restart); the lead allows for the operator's clock being ahead.
 */
final class CommandIntake {
  /** Oldest command accepted, relative to this node's clock. */
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  /** How far in the future a command may be issued, relative to this node's clock. */
  static final Duration MAX_LEAD = Duration.ofSeconds(30);

  private CommandIntake() {}

  static Validated<VerifiedCommand> check(byte[] data, Roster roster, long nowMs) {
    return SignedOperatorCommand.decode(data)
        .flatMap(c -> c.verify(roster))
        .flatMap(v -> fresh(v, nowMs));
  }

  private static Validated<VerifiedCommand> fresh(VerifiedCommand v, long nowMs) {
    OperatorCommand c = v.command();
    long age = nowMs - c.issuedAtMs();
    if (age > MAX_AGE.toMillis() || -age > MAX_LEAD.toMillis()) {
      return Validated.invalid(
          Rejection.COMMAND_EXPIRED,
          c.describe()
              + " issued at "
              + c.issuedAtMs()
              + ", "
              + age
              + " ms from this node's clock (allowed -"
              + MAX_LEAD.toMillis()
              + ".."
              + MAX_AGE.toMillis()
              + ")");
    }
    return Validated.valid(v);
  }
}
