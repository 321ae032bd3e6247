package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.rules.EmissionSchedule;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud ruleset}: validates a ruleset file and prints the rules it sets. */
@Command(name = "ruleset", mixinStandardHelpOptions = true,
    description = "Validate a ruleset file and the operations file and print the effective rules and settings "
        + "(no Spark needed).")
final class RulesetCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Ruleset YAML file, or a folder of ruleset versions (default: the versions shipped in the jar).")
  Path config;

  @picocli.CommandLine.Mixin OperationsOption operations;

  @Option(names = "--schedule", description = "Print the emission schedule by mining year instead, as CSV in "
      + "base units (10^18 per BCT): what each year emits under the cap, computed by the engine's own rule.")
  boolean schedule;

  @Option(names = "--years", paramLabel = "N", defaultValue = "30",
      description = "Mining years of --schedule (default ${DEFAULT-VALUE}).")
  int years;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RulesetHistory history = RulesetLoader.history(config);
    PrintWriter out = spec.commandLine().getOut();
    if (schedule) {
      if (years < 1 || years > 1000) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--years must be 1 to 1000, got " + years);
      }
      printSchedule(out, history);
      out.flush();
      return 0;
    }
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
    out.println();
    out.println("operations (not versioned; --operations FILE or $" + RulesetLoader.OPERATIONS_ENV + "):");
    print(out, operations.load());
    out.flush();
    return 0;
  }

  /** One CSV row per ruleset version and mining year; exact integers in base units. */
  private void printSchedule(PrintWriter out, RulesetHistory history) {
    out.println("ruleset_version,year,first_day,scheduled_daily_units,emitted_units,cumulative_units,cap_units");
    for (Ruleset r : history.versions()) {
      EmissionSchedule s = EmissionSchedule.of(r);
      for (EmissionSchedule.Year y : s.byYear(years)) {
        out.println(String.join(",", r.rulesetVersion(), Integer.toString(y.year()), y.firstDay().toString(),
            y.scheduledDaily().toString(), y.emitted().toString(), y.cumulative().toString(), s.cap().toString()));
      }
    }
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
  }

  /** The operational settings: not part of any ruleset version. */
  private static void print(PrintWriter out, Operations ops) {
    out.println("chain               id " + ops.chain().chainId() + " at " + ops.chain().rpcUrl()
        + ", " + ops.chain().confirmations() + " confirmations, timelock "
        + ops.chain().timelockSeconds() + " s, " + ops.chain().treasuryThreshold() + " treasury approvals");
    out.println("contracts           token " + ops.chain().tokenAddress().orElse("(not deployed)")
        + ", distributor " + ops.chain().distributorAddress().orElse("(not deployed)"));
    out.println("review flags        day over day > " + ops.review().maxDayOverDayPercent() + "%, trailing 7 days > "
        + ops.review().maxTrailingPercent() + "%, one wallet > " + ops.review().maxTopRecipientPercent()
        + "% of the day, new wallets > " + ops.review().maxNewWalletPercent() + "%; top "
        + ops.review().topRecipients() + " listed");
  }
}
