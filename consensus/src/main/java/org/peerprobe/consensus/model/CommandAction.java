package org.peerprobe.consensus.model;

/** What an {@link OperatorCommand} asks of a router. */
public enum CommandAction {
  /**
   * Return to the primary now, in either failback mode, if the primary has an UP certificate in the
   * command's round or the one before (never switch onto a front without evidence).
   */
  FAILBACK,
  /**
   * Point the router at the named front and keep it there: certificates no longer switch it until
   * {@link #UNPIN}. The command is the authority: a pin onto a front certified DOWN is allowed.
   */
  PIN,
  /** End a pin: certificates switch the router again, by its policy. */
  UNPIN
}
