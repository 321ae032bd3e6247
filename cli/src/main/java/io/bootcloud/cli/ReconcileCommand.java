package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.settlement.audit.ReconcileJob;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** {@code bootcloud reconcile}: check every invariant of a day, ledger against chain, into audit.reconciliation. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Check every invariant of a day, ledger against chain, into audit.reconciliation; "
        + "exit 1 when any check fails.")
final class ReconcileCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions day;

  @Mixin ChainOptions chainOptions;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RulesetHistory rulesets = day.rulesets();
    Operations ops = chainOptions.operations.load();
    String target = chainOptions.optionalDistributor(ops, global);
    ChainClient chain = target.isEmpty() ? null : new ChainClient(chainOptions.rpcUrl(ops, global),
        ops.chain().chainId());
    try {
      RewardDistributorContract contract = chain == null ? null : RewardDistributorContract.at(chain, target);
      SparkSession spark = DayJobs.open(global, ReconcileJob.JOB);
      RunLedger ledger = day.ledger(spark);
      PrintWriter w = spec.commandLine().getOut();
      long[] failedDays = {0};
      // Every day of a range is checked and recorded, also after a day that fails a check.
      day.forEachDay(ReconcileJob.JOB, d -> {
        ReconcileJob.Summary s = new ReconcileJob(spark, rulesets.forDay(d), ledger, contract).run(d);
        w.printf("reconcile %s:%n", s.day());
        for (DayInvariants.Check c : s.checks()) {
          w.printf("  %-4s %-28s expected %s, found %s (%s)%n", c.passed() ? "ok" : "FAIL", c.name(), c.expected(),
              c.actual(), c.detail());
        }
        long failed = s.checks().stream().filter(c -> !c.passed()).count();
        w.printf("%d checks, %d failed (rows in audit.reconciliation)%n", s.checks().size(), failed);
        w.flush();
        failedDays[0] += failed == 0 ? 0 : 1;
      });
      return failedDays[0] == 0 ? 0 : UserException.EXIT_FAILED;
    } finally {
      if (chain != null) {
        chain.close();
      }
    }
  }
}
