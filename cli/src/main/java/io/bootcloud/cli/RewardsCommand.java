package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud rewards}: Compute population stats, classes, pool budgets and amounts for a day. */
@Command(name = "rewards", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Compute population stats, classes, pool budgets and amounts for a day.")
final class RewardsCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Override
  String trackedIn() {
    return "issue 4, DPP and reward jobs";
  }
}
