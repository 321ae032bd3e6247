package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  @Option(names = "--faults", description = "Inject every fault kind at a small rate (duplicates, late, malformed, "
      + "missing fields, bad values, future timestamps, unknown devices, fraud, rebinds, conflicts, corrupt gzip).")
  boolean faults;

  @Option(names = "--gzip", description = "Gzip telemetry files (always on with --faults).")
  boolean gzip;

  @Option(names = "--share-interval", paramLabel = "SECONDS", defaultValue = "1800",
      description = "About one share per device per this many computing seconds (default ${DEFAULT-VALUE}).")
  int shareInterval;

  @Option(names = "--heartbeat-interval", paramLabel = "SECONDS", defaultValue = "300",
      description = "Heartbeat interval, a divisor of 3600 (default ${DEFAULT-VALUE}).")
  int heartbeatInterval;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LocalDate first = start != null ? start : RulesetLoader.loadDefault().launchDay();
    SimulationConfig base = faults ? SimulationConfig.faulty(contributors, days, seed, first)
        : SimulationConfig.clean(contributors, days, seed, first);
    SimulationConfig config;
    try {
      config = new SimulationConfig(base.contributors(), base.days(), base.seed(), base.startDay(), shareInterval,
          heartbeatInterval, gzip || faults, base.duplicateRate(), base.malformedRate(), base.missingFieldRate(),
          base.badValueRate(), base.lateRate(), base.futureRate(), base.unknownDeviceRate(), base.fraudRate(),
          base.rebindRate(), base.conflictRate(), base.corruptFileRate());
    } catch (IllegalArgumentException e) {
      throw new UserException("simulate: " + e.getMessage(), UserException.EXIT_USAGE);
    }
    GroundTruth truth = FleetSimulator.simulate(config, out);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("simulate: %d contributors, %d days from %s into %s: %d shares, %d heartbeats, %d registry events; "
        + "faults %s; ground truth in %s%n", contributors, days, first, out, truth.validShares(),
        truth.validHeartbeats(), truth.registryEvents(), truth.faults(), out.resolve("ground-truth.json"));
    w.flush();
    return 0;
  }
}
