package org.peerprobe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator's manual control of a router, and its status as a node sees it. */
@Command(
    name = "router",
    mixinStandardHelpOptions = true,
    description = {
      "Manual control of a router: show where it points, send it back to its primary, pin it to a"
          + " front or unpin it. Commands are signed with the operator key and gossiped to the"
          + " network; nodes accept them only from the operator.",
      ""
    },
    subcommands = {
      RouterStatusCommand.class,
      RouterFailbackCommand.class,
      RouterPinCommand.class,
      RouterUnpinCommand.class
    })
final class RouterCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
