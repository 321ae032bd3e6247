package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud ingest}: Ingest landing files into bronze, silver and quarantine, exactly once. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Ingest landing files into bronze, silver and quarantine, exactly once.")
final class IngestCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Option(names = "--landing", paramLabel = "DIR", description = "Landing folder (default: var/landing).")
  java.nio.file.Path landing;

  @Override
  String trackedIn() {
    return "issue 3, telemetry";
  }
}
