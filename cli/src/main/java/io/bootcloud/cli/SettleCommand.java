package io.bootcloud.cli;

import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.SettleJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud settle}: post an approved day's root on-chain once, and accept it after the timelock. */
@Command(name = "settle", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Post a verified, M-of-N approved day's root on-chain (never twice) and accept it after the "
        + "timelock; rerun after the timelock to accept.")
final class SettleCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  /** The key pays gas only: the treasury approvals authorise the root. */
  @Mixin ChainOptions.Key key;
  @Mixin ChainOptions chainOptions;
  @Mixin ChainOptions.Exports exports;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to wait for a receipt and its confirmations (default ${DEFAULT-VALUE}).")
  long waitSeconds;

  @Option(names = "--check",
      description = "Only read where the day's root stands (NOT_EXPORTED, NOT_POSTED, PENDING, ACCEPTABLE, ACCEPTED); "
          + "sends and records nothing, needs no key.")
  boolean check;

  @Option(names = "--json", description = "With --check: print the state as one JSON object.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Ruleset ruleset = day.ruleset();
    Operations ops = chainOptions.operations.load();
    String target = chainOptions.distributor(ops, "settle", global);
    if (check) {
      return check(ruleset, ops, target);
    }
    var sender = key.load();
    Path root = exports.resolve(global);
    try (ChainClient chain = new ChainClient(chainOptions.rpcUrl(ops, global), ops.chain().chainId())) {
      RewardDistributorContract contract = RewardDistributorContract.at(chain, target);
      SparkSession spark = DayJobs.open(global, SettleJob.JOB);
      PrintWriter err = spec.commandLine().getErr();
      SettleJob.Summary s = new SettleJob(spark, ruleset, ops, new RunLedger(spark), sender, contract, root,
          Duration.ofSeconds(waitSeconds), (action, step, tx) -> {
            err.printf("settle: %s %s %s%n", action, step, tx);
            err.flush();
          }).run(day.date);
      PrintWriter w = spec.commandLine().getOut();
      w.printf("settle %s: root %s %s%s%n", s.day(), s.root(), s.state() == SettleJob.State.ACCEPTED ? "accepted"
          : "posted, pending until " + s.acceptableAt() + " (rerun settle then to accept)",
          s.transactions().isEmpty() ? "; no transaction needed" : "; transactions " + s.transactions());
      w.flush();
    }
    return 0;
  }

  private int check(Ruleset ruleset, Operations ops, String target) throws Exception {
    try (ChainClient chain = new ChainClient(chainOptions.rpcUrl(ops, global), ops.chain().chainId())) {
      RewardDistributorContract contract = RewardDistributorContract.at(chain, target);
      SparkSession spark = DayJobs.open(global, SettleJob.JOB);
      SettleJob.Status s = new SettleJob(spark, ruleset, ops, new RunLedger(spark), null, contract, exports.resolve(global),
          Duration.ofSeconds(waitSeconds)).status(day.date);
      PrintWriter w = spec.commandLine().getOut();
      if (json) {
        w.printf("{\"day\": \"%s\", \"state\": \"%s\", \"root\": %s, \"acceptable_at\": %s, \"chain_time\": \"%s\"}%n",
            s.day(), s.state(), s.root() == null ? "null" : "\"" + s.root() + "\"",
            s.acceptableAt() == null ? "null" : "\"" + s.acceptableAt() + "\"", s.chainTime());
      } else {
        w.printf("settle %s: %s%s%s%n", s.day(), s.state(), s.root() == null ? "" : ", root " + s.root(),
            s.acceptableAt() == null ? "" : ", acceptable from " + s.acceptableAt() + " (chain time " + s.chainTime() + ")");
      }
      w.flush();
    }
    return 0;
  }
}
