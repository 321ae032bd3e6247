package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.io.FailPoints;
import io.bootcloud.core.testing.ChildJvm;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dev.chain.DevTreasury;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.SettleJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bootcloud settle} killed (halted as {@code kill -9}: no shutdown hook, no finally) in a
 * child JVM at two points of its acceptRoot, on the lakehouse and anvil chain of
 * SettlementLifecycleTest; a rerun converges and the chain sees exactly one acceptRoot.
 * <ol>
 *   <li>right after the signed transaction was recorded, before it was broadcast: nothing on the
 *       chain, the day still acceptable;
 *   <li>the rerun (halted after its first commit too), right after it recorded the rebroadcast transaction as confirmed (same hash,
 *       same bytes), before its run was ledgered: the day accepted on the chain;
 *   <li>a last rerun sends nothing, reports the day accepted, and both killed runs show ABANDONED.
 * </ol>
 */
final class SettleKillChecks {

  private SettleKillChecks() {}

  static void killedAcceptConverges(SparkSession spark, Path tmp, LocalDate launch, LocalDate day,
      RewardDistributorContract contract, String rpcUrl, DevTreasury.Keys keys, Path exports, String root,
      LongSupplier settlerNonce, Callable<SettleJob.Summary> rerun) throws Exception {
    Path config = ReplayChecks.rulesetFile(tmp, "settle-kill.yaml", launch, 50, 40, 10, "2026.1");
    List<String> args = List.of("settle", "--date", day.toString(), "--config", config.toString(), "--keystore",
        keys.settler().toString(), "--password-file", keys.passwordFile().toString(), "--exports", exports.toString(),
        "--distributor", contract.address(), "--rpc-url", rpcUrl, "--wait", "60");
    long nonce = settlerNonce.getAsLong();
    long acceptedDay = contract.current().day();

    // Each run halts after its first commit to chain_receipts: the first run's is its SIGNED row.
    assertThat(halted(tmp, "first", args)).isEqualTo(137);
    List<Row> signed = accepts(spark, day);
    assertThat(signed).as("one acceptRoot recorded SIGNED, none confirmed").hasSize(1)
        .allMatch(r -> r.getString(1).equals("SIGNED"));
    String hash = signed.get(0).getString(0);
    assertThat(settlerNonce.getAsLong()).as("nothing was broadcast").isEqualTo(nonce);
    assertThat(contract.current().day()).isEqualTo(acceptedDay);

    // The rerun finds the signed transaction, rebroadcasts it, and its first commit is the CONFIRMED row.
    assertThat(halted(tmp, "rerun", args)).isEqualTo(137);
    assertThat(accepts(spark, day)).extracting(r -> r.getString(0) + " " + r.getString(1))
        .containsExactlyInAnyOrder(hash + " SIGNED", hash + " CONFIRMED");
    assertThat(settlerNonce.getAsLong()).as("the recorded transaction, sent once").isEqualTo(nonce + 1);
    assertThat(contract.current().day()).isEqualTo(day.toEpochDay());
    assertThat(contract.current().root()).isEqualTo(root);

    SettleJob.Summary last = rerun.call();
    assertThat(last.state()).isEqualTo(SettleJob.State.ACCEPTED);
    assertThat(last.transactions()).isEmpty();
    assertThat(settlerNonce.getAsLong()).isEqualTo(nonce + 1);
    assertThat(spark.sql("SELECT status, count(*) FROM audit.run_status WHERE job = 'settle' AND day = DATE '" + day
        + "' GROUP BY status ORDER BY status").collectAsList()).extracting(Row::toString)
        .contains("[ABANDONED,2]").noneMatch(s -> s.startsWith("[RUNNING"));
  }

  /** The day's recorded acceptRoot transactions: hash and status. */
  private static List<Row> accepts(SparkSession spark, LocalDate day) {
    return spark.sql("SELECT tx_hash, status FROM settlement.chain_receipts WHERE day = DATE '" + day
        + "' AND action = 'acceptRoot'").collectAsList();
  }

  /** Runs {@code args} in a child JVM halted after its first commit to settlement.chain_receipts. */
  private static int halted(Path tmp, String name, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(ChildJvm.command(SharedSpark.lakehouse().root(),
        args.toArray(String[]::new)));
    command.add(1, "-D" + FailPoints.PROPERTY + "=halt-after-commit:settlement.chain_receipts");
    Path out = tmp.resolve("settle-halted-" + name + ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertThat(p.waitFor(ChildJvm.DEFAULT_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();
    assertThat(Files.readString(out)).contains("fail point: halting after the commit to settlement.chain_receipts");
    return p.exitValue();
  }
}
