package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.rules.config.Operations;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --operations FILE}: the operational settings (chain, contracts, confirmations, review thresholds). */
final class OperationsOption {

  @Option(names = "--operations", paramLabel = "FILE",
      description = "Operations YAML: chain id, RPC URL, contract addresses, confirmations, timelock, treasury "
          + "threshold, review thresholds (default: $" + RulesetLoader.OPERATIONS_ENV
          + ", else the shipped local-anvil settings). They change without a new ruleset version.")
  Path file;

  Operations load() {
    return RulesetLoader.loadOperations(file);
  }
}
