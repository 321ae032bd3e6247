package io.bootcloud.dev;

import io.bootcloud.cli.DayOptions;
import io.bootcloud.core.UserException;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud simulate}: a deterministic fleet as landing files, with ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a deterministic simulated BootDisk fleet to a landing folder, with ground truth.")
final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--contributors", paramLabel = "N", defaultValue = "100", description = "Contributors (default ${DEFAULT-VALUE}).")
  int contributors;

  @Option(names = "--days", paramLabel = "D", defaultValue = "1", description = "Days (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed; the same seed writes the same bytes (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start", paramLabel = "YYYY-MM-DD", converter = DayOptions.DateConverter.class,
      description = "First simulated day (default: the default ruleset's launch day).")
  LocalDate start;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Landing folder to write.")
  Path out;

  @Option(names = "--faults", description = "Inject every fault kind at a small default rate (duplicates, late, "
      + "malformed, missing fields, bad values, future timestamps, unknown devices, fraud, rebinds, conflicts, corrupt "
      + "gzip, clock skew); each --*-rate option below sets one rate (0-1) on top.")
  boolean faults;

  @Option(names = "--gzip", description = "Gzip telemetry files (always on with --faults).")
  boolean gzip;

  @Option(names = "--share-interval", paramLabel = "SECONDS", defaultValue = "1800",
      description = "About one share per device per this many computing seconds (default ${DEFAULT-VALUE}).")
  int shareInterval;

  @Option(names = "--heartbeat-interval", paramLabel = "SECONDS", defaultValue = "300",
      description = "Heartbeat interval, a divisor of 3600 (default ${DEFAULT-VALUE}).")
  int heartbeatInterval;

  @Option(names = "--duplicate-rate", paramLabel = "P", description = "Re-deliver an event (same or other file).")
  Double duplicateRate;
  @Option(names = "--malformed-rate", paramLabel = "P", description = "Add a line of broken JSON after a share.")
  Double malformedRate;
  @Option(names = "--missing-field-rate", paramLabel = "P", description = "Add a share without its difficulty.")
  Double missingFieldRate;
  @Option(names = "--bad-value-rate", paramLabel = "P", description = "Add a zero/negative/huge value or a NaN rate.")
  Double badValueRate;
  @Option(names = "--late-rate", paramLabel = "P", description = "Deliver an event two days late.")
  Double lateRate;
  @Option(names = "--future-rate", paramLabel = "P", description = "Stamp a share three days in the future.")
  Double futureRate;
  @Option(names = "--unknown-device-rate", paramLabel = "P", description = "Extra devices that are never bound (per device).")
  Double unknownDeviceRate;
  @Option(names = "--fraud-rate", paramLabel = "P", description = "Devices that report 3x their rate.")
  Double fraudRate;
  @Option(names = "--rebind-rate", paramLabel = "P", description = "Devices rebound to another contributor once.")
  Double rebindRate;
  @Option(names = "--conflict-rate", paramLabel = "P", description = "Devices bound to two contributors at the same instant.")
  Double conflictRate;
  @Option(names = "--corrupt-file-rate", paramLabel = "P", description = "Telemetry files truncated mid-gzip (needs gzip).")
  Double corruptFileRate;
  @Option(names = "--clock-skew-rate", paramLabel = "P", description = "Devices whose clock is up to 50 minutes off.")
  Double clockSkewRate;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private static double pick(Double given, double base) {
    return given != null ? given : base;
  }

  @Override
  public Integer call() {
    LocalDate first = start != null ? start : RulesetLoader.loadDefault().launchDay();
    SimulationConfig base = faults ? SimulationConfig.faulty(contributors, days, seed, first)
        : SimulationConfig.clean(contributors, days, seed, first);
    SimulationConfig config;
    try {
      config = new SimulationConfig(base.contributors(), base.days(), base.seed(), base.startDay(), shareInterval,
          heartbeatInterval, gzip || faults, pick(duplicateRate, base.duplicateRate()),
          pick(malformedRate, base.malformedRate()), pick(missingFieldRate, base.missingFieldRate()),
          pick(badValueRate, base.badValueRate()), pick(lateRate, base.lateRate()), pick(futureRate, base.futureRate()),
          pick(unknownDeviceRate, base.unknownDeviceRate()), pick(fraudRate, base.fraudRate()),
          pick(rebindRate, base.rebindRate()), pick(conflictRate, base.conflictRate()),
          pick(corruptFileRate, base.corruptFileRate()), pick(clockSkewRate, base.clockSkewRate()));
    } catch (IllegalArgumentException e) {
      throw new UserException("simulate: " + e.getMessage(), UserException.EXIT_USAGE);
    }
    GroundTruth truth = FleetSimulator.simulate(config, out, contributors >= 10_000 ? System.err : null);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("simulate: %d contributors, %d days from %s into %s: %d shares, %d heartbeats, %d registry events; "
        + "faults %s; ground truth in %s%n", contributors, days, first, out, truth.validShares(),
        truth.validHeartbeats(), truth.registryEvents(), truth.faults(), out.resolve("ground-truth.json"));
    w.flush();
    return 0;
  }
}
