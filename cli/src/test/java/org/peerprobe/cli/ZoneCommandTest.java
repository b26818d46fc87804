package org.peerprobe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zone plan} and {@code zone apply} on a zone.yaml with zone-file providers. */
class ZoneCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  private Path zoneYaml(String... recordLines) throws IOException {
    StringBuilder s =
        new StringBuilder(
            "zone: example.test.\n"
                + "providers:\n"
                + "  - {id: local, type: zonefile, file: zones/example.test.zone}\n"
                + "records:\n");
    for (String r : recordLines) {
      s.append(r).append('\n');
    }
    Files.createDirectories(dir.resolve("zones"));
    return Files.writeString(dir.resolve("zone.yaml"), s.toString());
  }

  private int zone(String command, Path yaml, String... extra) {
    String[] args = new String[3 + extra.length];
    args[0] = "zone";
    args[1] = command;
    args[2] = "--zone=" + yaml;
    System.arraycopy(extra, 0, args, 3, extra.length);
    return cli.run(args);
  }

  @Test
  void planThenApplyThenNoChanges() throws IOException {
    Path yaml =
        zoneYaml(
            "  - {name: www, type: CNAME, values: [cdn.example.net.]}",
            "  - {name: '@', type: TXT, ttl: 3600, values: ['v=spf1 -all']}");

    assertThat(zone("plan", yaml)).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains(
            "zone example.test.: 2 records declared, 1 provider",
            "local: 2 to create, 0 to update, 0 unchanged",
            "  + www.example.test. CNAME 300 [cdn.example.net.]",
            "2 changes to apply");
    assertThat(zone("plan", yaml, "--expect-no-changes")).isEqualTo(ZoneCommand.CHANGES_PENDING);

    assertThat(zone("apply", yaml)).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("apply:", "  local: applied 2 changes", "applied 2 changes");
    assertThat(Files.readString(dir.resolve("zones/example.test.zone")))
        .contains("www.example.test.", "cdn.example.net.", "v=spf1 -all");

    assertThat(zone("apply", yaml)).isZero();
    assertThat(cli.out()).contains("local: no changes (2 unchanged)", "no changes:");
    assertThat(zone("plan", yaml, "--expect-no-changes")).isZero();
  }

  @Test
  void anUpdateShowsOldAndNew() throws IOException {
    Path yaml = zoneYaml("  - {name: api, type: A, values: [192.0.2.1]}");
    assertThat(zone("apply", yaml)).isZero();
    Path changed = zoneYaml("  - {name: api, type: A, ttl: 60, values: [192.0.2.2]}");
    assertThat(zone("plan", changed)).isZero();
    assertThat(cli.out()).contains("  ~ api.example.test. A 300 [192.0.2.1] -> 60 [192.0.2.2]");
  }

  @Test
  void aZoneFileProblemIsReportedWithItsLineAndNothingIsWritten() throws IOException {
    Path yaml =
        zoneYaml(
            "  - {name: '@', type: CNAME, values: [cdn.example.net.]}",
            "  - {name: mail, type: MX, values: ['10 mx.example.net']}");
    assertThat(zone("apply", yaml)).isEqualTo(Failures.INVALID_INPUT);
    assertThat(cli.err())
        .contains(
            "zone apply: 2 problems:",
            yaml + ":5:23: records[0].type: a CNAME cannot be at the zone apex",
            yaml + ":6:37: records[1].values[0]: MX target 'mx.example.net' has no trailing dot");
    assertThat(dir.resolve("zones/example.test.zone")).doesNotExist();
  }

  @Test
  void aFailingProviderGivesExitCode3AndTheOthersAreApplied() throws IOException {
    Path yaml =
        Files.writeString(
            dir.resolve("zone.yaml"),
            "zone: example.test.\n"
                + "providers:\n"
                + "  - {id: gone, type: zonefile, file: missing-dir/example.test.zone}\n"
                + "  - {id: here, type: zonefile, file: example.test.zone}\n"
                + "records: [{name: www, type: A, values: [192.0.2.1]}]\n");
    assertThat(zone("apply", yaml)).isEqualTo(ZoneCommand.PROVIDER_FAILED);
    assertThat(cli.out())
        .contains(
            "gone: FAILED, provider unreachable or failing: run again later",
            "  here: applied 1 change",
            "  gone: not updated: it could not be planned (above)",
            "some providers failed");
    assertThat(Files.readString(dir.resolve("example.test.zone"))).contains("192.0.2.1");
  }

  @Test
  void aSafetyFractionOutside0To1IsRefused() throws IOException {
    Path yaml = zoneYaml();
    assertThat(zone("apply", yaml, "--safety-fraction", "1.5")).isEqualTo(Failures.INVALID_INPUT);
    assertThat(cli.err()).contains("--safety-fraction must be between 0 and 1");
  }

  @Test
  void helpNamesTheExitCodes() {
    assertThat(cli.run("zone", "--help")).isZero();
    assertThat(cli.out()).contains("plan", "apply", "3 a provider failed");
  }
}
