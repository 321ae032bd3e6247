package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud simulate}: Write a deterministic simulated BootDisk fleet to a landing folder, with ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a deterministic simulated BootDisk fleet to a landing folder, with ground truth.")
final class SimulateCommand extends NotImplementedCommand {

  @Option(names = "--contributors", paramLabel = "N", defaultValue = "100", description = "Contributors to simulate (default ${DEFAULT-VALUE}).")
  int contributors;
  @Option(names = "--days", paramLabel = "D", defaultValue = "1", description = "Days to simulate (default ${DEFAULT-VALUE}).")
  int days;
  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed; the same seed writes the same bytes (default ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Landing folder to write.")
  java.nio.file.Path out;

  @Override
  String trackedIn() {
    return "issue 3, telemetry";
  }
}
