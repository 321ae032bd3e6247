package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.rules.config.Ruleset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud ruleset}: validates a ruleset file and prints the rules it sets. */
@Command(name = "ruleset", mixinStandardHelpOptions = true,
    description = "Validate a ruleset file and print the effective rules (no Spark needed).")
final class RulesetCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Ruleset YAML file, or a folder of ruleset versions (default: the versions shipped in the jar).")
  Path config;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RulesetHistory history = RulesetLoader.history(config);
    PrintWriter out = spec.commandLine().getOut();
    if (history.isForced()) {
      out.println("ruleset " + config + ": forced on every day it computes");
    } else {
      out.println("rulesets " + history.source() + ": " + history.versions().size() + " version"
          + (history.versions().size() == 1 ? "" : "s") + ", each in force from its effective_from");
    }
    for (Ruleset r : history.versions()) {
      out.println();
      print(out, r);
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, Ruleset r) {
    out.println("ruleset_version     " + r.rulesetVersion());
    out.println("effective_from      " + r.effectiveFrom());
    out.println("launch_day          " + r.launchDay());
    out.println("time_zone           " + r.timeZone());
    out.println("grace_period        " + r.gracePeriod());
    out.println("mining_cap          " + r.miningCapUnits() + " units");
    out.println("initial_daily       " + r.initialDailyEmissionUnits() + " units, x"
        + r.emissionDecayNumerator() + "/" + r.emissionDecayDenominator() + " every "
        + r.daysPerMiningYear() + " days");
    out.println("pools               A " + r.pools().aPercent() + "% / BC " + r.pools().bcPercent()
        + "% / D " + r.pools().dPercent() + "%");
    out.println("empty_pool_policy   " + r.emptyPoolPolicy().name().toLowerCase());
    out.println("dpp_source          " + r.dppSource().name().toLowerCase());
    out.println("suspect_ratio       " + r.suspectRatio().toPlainString());
    out.println("chain               id " + r.chain().chainId() + " at " + r.chain().rpcUrl()
        + ", " + r.chain().confirmations() + " confirmations, timelock "
        + r.chain().timelockSeconds() + " s, " + r.chain().treasuryThreshold() + " treasury approvals");
    out.println("contracts           token " + r.chain().tokenAddress().orElse("(not deployed)")
        + ", distributor " + r.chain().distributorAddress().orElse("(not deployed)"));
  }
}
