package org.peerprobe.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peerprobe.node.zone.ZonePlan;
import org.peerprobe.node.zone.ZoneSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerprobe zone apply}: plan, then write every provider concurrently. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Plan, then create and update the declared records at every provider concurrently. Nothing"
          + " is written anywhere when a provider's plan has a problem, or when more than the"
          + " safety fraction of the declared records would be updated (unless --force). A"
          + " provider that fails is reported; the others are still updated."
    })
final class ZoneApplyCommand implements Callable<Integer> {
  @Option(names = "--zone", required = true, paramLabel = "FILE", description = "zone.yaml")
  Path zone;

  @Option(
      names = "--safety-fraction",
      paramLabel = "F",
      defaultValue = "" + ZonePlan.DEFAULT_SAFETY_FRACTION,
      description =
          "refuse when a provider would update more than this fraction of the declared records"
              + " (zones of 10 records or more; default: ${DEFAULT-VALUE})")
  double safetyFraction;

  @Option(names = "--force", description = "apply even beyond the safety fraction")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ZoneCommand.run(
        spec,
        zone,
        safetyFraction,
        false,
        (z, providers) -> new ZoneSync().apply(z, providers, force, safetyFraction));
  }
}
