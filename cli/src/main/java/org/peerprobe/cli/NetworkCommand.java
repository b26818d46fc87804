package org.peerprobe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator's commands: create a network's bundle, admit observers, sign it for the nodes. */
@Command(
    name = "network",
    mixinStandardHelpOptions = true,
    description = {
      "Operator commands for a network bundle: create bundle.yaml, add and remove observers, and"
          + " sign it into network.json for the nodes.",
      ""
    },
    subcommands = {
      NetworkCreateCommand.class,
      NetworkAddObserverCommand.class,
      NetworkRemoveObserverCommand.class,
      NetworkSignCommand.class
    })
final class NetworkCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
