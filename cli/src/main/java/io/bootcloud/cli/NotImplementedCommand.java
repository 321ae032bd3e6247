package io.bootcloud.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A subcommand whose job is planned but not built yet: it says so and exits 3, so a scheduler
 * can never mistake it for a successful run.
 */
abstract class NotImplementedCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Where the work is tracked, e.g. "issue 4 (DPP aggregation and reward jobs)". */
  abstract String trackedIn();

  @Override
  public Integer call() {
    spec.commandLine().getErr().println(
        spec.qualifiedName() + ": not implemented yet (" + trackedIn() + "); nothing was done.");
    spec.commandLine().getErr().flush();
    return Main.EXIT_NOT_IMPLEMENTED;
  }
}
