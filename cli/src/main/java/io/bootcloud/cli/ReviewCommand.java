package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud review}: Show treasury what a day's payout batch contains and whether it checks out. */
@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show treasury what a day's payout batch contains and whether it checks out.")
final class ReviewCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Option(names = "--json", description = "Machine-readable output.")
  boolean json;

  @Override
  String trackedIn() {
    return "issue 5, settlement";
  }
}
