package org.peerprobe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar: {@code ./peerprobe [command] [options]}. */
@Command(
    name = "peerprobe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Keeps a website reachable when the CDN or cloud in front of it fails, without trusting"
          + " any single observer: volunteer nodes probe every front, sign what they saw, and a"
          + " quorum of independent networks must agree before the router CNAME is switched.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      NodeCommand.class,
      InitCommand.class,
      NetworkCommand.class,
      ZoneCommand.class,
      RouterCommand.class,
      VerifyCommand.class,
      PeerIdCommand.class,
      CanonicalizeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
