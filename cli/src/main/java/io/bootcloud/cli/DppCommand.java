package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud dpp}: Compute gold.daily_dpp for a day from the silver tables. */
@Command(name = "dpp", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Compute gold.daily_dpp for a day from the silver tables.")
final class DppCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Override
  String trackedIn() {
    return "issue 4, DPP and reward jobs";
  }
}
