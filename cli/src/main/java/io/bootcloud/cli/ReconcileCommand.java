package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud reconcile}: Check every invariant of a day, ledger against chain, into audit.reconciliation. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Check every invariant of a day, ledger against chain, into audit.reconciliation.")
final class ReconcileCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Override
  String trackedIn() {
    return "issue 5, settlement";
  }
}
