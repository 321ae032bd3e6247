package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud bench}: Benchmark ingest, dpp and rewards on a simulated day (and compare with DuckDB). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmark ingest, dpp and rewards on a simulated day (and compare with DuckDB).")
final class BenchCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Option(names = "--events", paramLabel = "N", defaultValue = "10000000", description = "Share events in the simulated day (default ${DEFAULT-VALUE}).")
  long events;

  @Override
  String trackedIn() {
    return "issues 3 and 4";
  }
}
