package org.peerprobe.consensus.model;

/**
 * An operator command whose signature {@link SignedOperatorCommand#verify} checked against a
 * roster's operator key. Only that method makes one, so the failover machine cannot be fed an
 * unchecked command.
 */
public final class VerifiedCommand {
  private final SignedOperatorCommand signed;

  VerifiedCommand(SignedOperatorCommand signed) {
    this.signed = signed;
  }

  public SignedOperatorCommand signed() {
    return signed;
  }

  public OperatorCommand command() {
    return signed.command();
  }

  @Override
  public String toString() {
    return "VerifiedCommand{" + command().describe() + " at " + command().issuedAtMs() + "}";
  }
}
