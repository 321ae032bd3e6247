package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.settlement.batch.ExportJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** {@code bootcloud export}: build and sign the payout batch of a day (Merkle root, items file, manifest). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Build and sign the payout batch of a day (Merkle root, items file, manifest).")
final class ExportCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions day;

  @Mixin ChainOptions chain;
  @Mixin ChainOptions.Key key;
  @Mixin ChainOptions.Exports exports;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RulesetHistory rulesets = day.rulesets();
    Operations ops = chain.operations.load();
    String target = chain.distributor(ops, "export", global);
    Credentials exporter = key.load();
    SparkSession spark = DayJobs.open(global, ExportJob.JOB);
    RunLedger ledger = day.ledger(spark);
    Path folder = exports.resolve(global);
    PrintWriter w = spec.commandLine().getOut();
    day.forEachDay(ExportJob.JOB, d -> {
      ExportJob.Summary s = new ExportJob(spark, rulesets.forDay(d), ops, ledger, exporter, target, folder).run(d);
      w.printf("export %s: root %s, %d wallets, day total %s, cumulative %s base units%s%n  manifest %s (hash %s)%n"
          + "  signed by exporter %s%n", s.day(), s.manifest().merkleRoot(), s.manifest().recipients(),
          s.manifest().totalAmount(), s.manifest().cumulativeTotal(), s.wrote() ? "" : " (already exported, unchanged)",
          s.folder().resolve(ExportJob.MANIFEST), s.manifest().hash(), s.exporter());
      w.flush();
    });
    return 0;
  }
}
