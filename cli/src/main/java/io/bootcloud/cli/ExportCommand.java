package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.config.Ruleset;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.settlement.ExportJob;
import io.bootcloud.settlement.Keystores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud export}: build and sign the payout batch of a day (Merkle root, items file, manifest). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Build and sign the payout batch of a day (Merkle root, items file, manifest).")
final class ExportCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Option(names = "--keystore", paramLabel = "FILE",
      description = "Exporter Web3 keystore; password from $BOOTCLOUD_KEYSTORE_PASSWORD or --password-file.")
  Path keystore;

  @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the keystore password.")
  Path passwordFile;

  @Option(names = "--distributor", paramLabel = "ADDRESS",
      description = "RewardDistributor address (default: the ruleset's chain.distributor_address).")
  String distributor;

  @Option(names = "--out", paramLabel = "DIR", description = "Export folder (default: var/exports beside the lakehouse).")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Ruleset ruleset = day.ruleset();
    String target = distributor != null ? distributor : ruleset.chain().distributorAddress().orElse("");
    if (!target.matches("0x[0-9a-fA-F]{40}")) {
      throw new UserException("export needs the RewardDistributor address: set chain.distributor_address in the "
          + "ruleset or pass --distributor (got \"" + target + "\")", UserException.EXIT_USAGE);
    }
    Credentials exporter = Keystores.load(keystore, passwordFile);
    Path exports = out != null ? out : global.resolveLakehouse().root().resolveSibling("exports");
    SparkSession spark = DayJobs.open(global, ExportJob.JOB);
    ExportJob.Summary s = new ExportJob(spark, ruleset, new RunLedger(spark), exporter, target, exports).run(day.date);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("export %s: root %s, %d wallets, day total %s, cumulative %s base units%s%n  manifest %s (hash %s)%n"
        + "  signed by exporter %s%n", s.day(), s.manifest().merkleRoot(), s.manifest().recipients(),
        s.manifest().totalAmount(), s.manifest().cumulativeTotal(), s.wrote() ? "" : " (already exported, unchanged)",
        s.folder().resolve(ExportJob.MANIFEST), s.manifest().hash(), s.exporter());
    w.flush();
    return 0;
  }
}
