package org.peerprobe.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.ZoneConfigFile;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviders;
import org.peerprobe.node.zone.PlanPrinter;
import org.peerprobe.node.zone.ZoneSpec;
import org.peerprobe.node.zone.ZoneSync;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code peerprobe zone plan|apply --zone zone.yaml}: keep the declared records on every DNS
 * provider of a zone (octoDNS-style; never deletes). Exit codes: {@value #OK}, {@value
 * Failures#INVALID_INPUT} the zone file or a provider's rules refused (nothing written), {@value
 * #CHANGES_PENDING} changes pending with {@code plan --expect-no-changes}, {@value
 * #PROVIDER_FAILED} a provider failed (the others were updated), {@value #UNSAFE} refused by the
 * safety fraction (nothing written).
 */
@Command(
    name = "zone",
    mixinStandardHelpOptions = true,
    description = {
      "Keep the records declared in zone.yaml on every DNS provider of the zone. Only declared"
          + " records are created or updated; nothing is ever deleted.",
      "Exit codes: 0 ok, 1 the zone file or a provider's rules refused (nothing written),"
          + " 2 changes pending (plan --expect-no-changes), 3 a provider failed (the others were"
          + " updated), 4 refused by the safety fraction (nothing written).",
      ""
    },
    subcommands = {ZonePlanCommand.class, ZoneApplyCommand.class})
final class ZoneCommand implements Runnable {
  static final int OK = 0;
  static final int CHANGES_PENDING = 2;
  static final int PROVIDER_FAILED = 3;
  static final int UNSAFE = 4;

  @CommandLine.Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Loads {@code zoneFile}, opens its providers, runs {@code body}, prints the report and closes
   * the providers.
   */
  static int run(
      CommandSpec spec,
      Path zoneFile,
      double safetyFraction,
      boolean expectNoChanges,
      BiFunction<ZoneSpec, List<DnsProvider>, ZoneSync.Report> body) {
    if (!(safetyFraction >= 0 && safetyFraction <= 1)) {
      return Failures.report(
          spec, "--safety-fraction must be between 0 and 1, was " + safetyFraction);
    }
    ZoneSpec zone;
    List<DnsProvider> providers;
    try {
      zone = ZoneConfigFile.load(zoneFile);
      providers = DnsProviders.open(zone.providers());
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    } catch (IllegalArgumentException e) {
      return Failures.report(spec, zoneFile + ": " + e.getMessage());
    }
    ZoneSync.Report report;
    try {
      report = body.apply(zone, providers);
    } finally {
      DnsProviders.closeAll(providers);
    }
    PlanPrinter.print(report, spec.commandLine().getOut());
    return switch (report.status()) {
      case NO_CHANGES, APPLIED -> OK;
      case CHANGES_PENDING -> expectNoChanges ? CHANGES_PENDING : OK;
      case FAILED -> PROVIDER_FAILED;
      case UNSAFE -> UNSAFE;
      case INVALID -> Failures.INVALID_INPUT;
    };
  }
}
