package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud approve}: Record a treasury member's EIP-712 approval of a day's batch. */
@Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Record a treasury member's EIP-712 approval of a day's batch.")
final class ApproveCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Option(names = "--keystore", paramLabel = "FILE", required = true, description = "Treasury member Web3 keystore.")
  java.nio.file.Path keystore;
  @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the keystore password (else $BOOTCLOUD_KEYSTORE_PASSWORD).")
  java.nio.file.Path passwordFile;

  @Override
  String trackedIn() {
    return "issue 5, settlement";
  }
}
