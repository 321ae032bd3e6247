package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud claim}: Show a wallet's claimable amount and proof; with a key, claim it. */
@Command(name = "claim", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a wallet's claimable amount and proof; with a key, claim it.")
final class ClaimCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Option(names = "--wallet", paramLabel = "ADDR", required = true, description = "Wallet to claim for.")
  String wallet;
  @Option(names = "--keystore", paramLabel = "FILE", description = "Keystore of the account that sends the claim.")
  java.nio.file.Path keystore;
  @Option(names = "--config", paramLabel = "FILE", description = "Ruleset YAML file (chain settings).")
  java.nio.file.Path config;

  @Override
  String trackedIn() {
    return "issue 5, settlement";
  }
}
