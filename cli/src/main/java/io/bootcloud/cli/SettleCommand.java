package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud settle}: Post an approved day's Merkle root on-chain, idempotently, and accept it after the timelock. */
@Command(name = "settle", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Post an approved day's Merkle root on-chain, idempotently, and accept it after the timelock.")
final class SettleCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Override
  String trackedIn() {
    return "issue 5, settlement";
  }
}
