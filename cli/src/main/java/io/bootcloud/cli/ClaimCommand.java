package io.bootcloud.cli;

import io.bootcloud.rules.Units;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.ClaimJob;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud claim}: a wallet's claimable amount and proof; with a key, the claim. */
@Command(name = "claim", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a wallet's claimable amount and proof under the latest accepted root; with --keystore, "
        + "send the claim (any account may pay the gas; the tokens go to the wallet). One claim collects every "
        + "day so far.")
final class ClaimCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin ChainOptions chainOptions;

  @Option(names = "--wallet", paramLabel = "ADDR", required = true, description = "Wallet to claim for.")
  String wallet;

  @Mixin ChainOptions.Key key;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
      description = "How long to wait for the claim's receipt (default ${DEFAULT-VALUE}).")
  long waitSeconds;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Operations ops = chainOptions.operations.load();
    String target = chainOptions.distributor(ops, "claim", global);
    PrintWriter w = spec.commandLine().getOut();
    try (ChainClient chain = new ChainClient(chainOptions.rpcUrl(ops, global), ops.chain().chainId())) {
      RewardDistributorContract contract = RewardDistributorContract.at(chain, target);
      SparkSession spark = DayJobs.open(global, "claim");
      ClaimJob job = new ClaimJob(spark, contract);
      if (key.keystore == null) {
        ClaimJob.Status s = job.status(wallet);
        w.printf("claim %s: cumulative %s under the root of %s (%s); claimed %s; claimable %s%n", s.wallet(),
            Units.format(s.cumulativeAmount()), s.day(), s.root(), Units.format(s.claimed()),
            Units.format(s.claimable()));
        w.printf("  cumulative_amount %s%n  proof %s%n", s.cumulativeAmount(), s.proof());
        w.printf("  send it with --keystore FILE (any funded account pays the gas)%n");
      } else {
        ClaimJob.Claimed c = job.claim(key.load(), wallet, Duration.ofSeconds(waitSeconds));
        w.printf("claim %s: received %s (cumulative %s under the root of %s), tx %s, gas %d%n", c.before().wallet(),
            Units.format(c.received()), Units.format(c.before().cumulativeAmount()), c.before().day(),
            c.txHash(), c.gasUsed());
      }
      w.flush();
    }
    return 0;
  }
}
