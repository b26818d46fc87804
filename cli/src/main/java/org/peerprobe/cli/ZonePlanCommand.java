package org.peerprobe.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peerprobe.node.zone.ZonePlan;
import org.peerprobe.node.zone.ZoneSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerprobe zone plan}: what apply would change at each provider; writes nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show, for each provider, the records apply would create or update (old -> new), or"
          + " 'no changes', and every problem a provider would have with the zone file."
          + " Writes nothing."
    })
final class ZonePlanCommand implements Callable<Integer> {
  @Option(names = "--zone", required = true, paramLabel = "FILE", description = "zone.yaml")
  Path zone;

  @Option(
      names = "--safety-fraction",
      paramLabel = "F",
      defaultValue = "" + ZonePlan.DEFAULT_SAFETY_FRACTION,
      description =
          "warn when apply would update more than this fraction (default: ${DEFAULT-VALUE})")
  double safetyFraction;

  @Option(
      names = "--expect-no-changes",
      description = "exit with 2 when some provider needs changes (drift)")
  boolean expectNoChanges;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ZoneCommand.run(
        spec,
        zone,
        safetyFraction,
        expectNoChanges,
        (z, providers) -> new ZoneSync().plan(z, providers, safetyFraction));
  }
}
