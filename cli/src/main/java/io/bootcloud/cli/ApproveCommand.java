package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.settlement.batch.ApproveJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** {@code bootcloud approve}: record a treasury member's EIP-712 approval of a day's batch. */
@Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Re-verify a day's exported batch and record a treasury member's EIP-712 approval of it.")
final class ApproveCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions day;

  @Mixin ChainOptions.Key key;
  @Mixin OperationsOption operations;
  @Mixin ChainOptions.Exports exports;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RulesetHistory rulesets = day.rulesets();
    var signer = key.load();
    Path root = exports.resolve(global);
    int needed = operations.load().chain().treasuryThreshold();
    SparkSession spark = DayJobs.open(global, ApproveJob.JOB);
    RunLedger ledger = day.ledger(spark);
    PrintWriter w = spec.commandLine().getOut();
    day.forEachDay(ApproveJob.JOB, d -> {
      ApproveJob.Summary s = new ApproveJob(spark, rulesets.forDay(d), ledger, signer, root).run(d);
      w.printf("approve %s: %s %s manifest %s; %d of %d treasury approvals recorded%n", s.day(), s.signer(),
          s.wrote() ? "approved" : "had already approved", s.manifestHash(), s.approvals(), needed);
      w.flush();
    });
    return 0;
  }
}
