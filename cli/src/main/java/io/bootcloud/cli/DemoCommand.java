package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud demo}: Simulate 3 days, run the whole nightly pipeline on anvil, claim, and summarise. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Simulate 3 days, run the whole nightly pipeline on anvil, claim, and summarise.")
final class DemoCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;

  @Override
  String trackedIn() {
    return "issue 6, orchestration and audit";
  }
}
