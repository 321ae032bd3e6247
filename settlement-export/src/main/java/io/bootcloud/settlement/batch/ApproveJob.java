package io.bootcloud.settlement.batch;

import static org.apache.spark.sql.functions.col;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.ledger.DayJob;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.config.Ruleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.Credentials;

/**
 * {@code bootcloud approve}: a treasury member's EIP-712 approval of a day's batch, recorded in
 * settlement.approvals after the batch is re-verified from its files. A tampered or
 * unverifiable batch is refused; approving twice with the same key records nothing new.
 */
public final class ApproveJob extends DayJob<ApproveJob.Summary> {

  public static final String JOB = "approve";

  public record Summary(LocalDate day, String signer, String manifestHash, long approvals, boolean wrote) {}

  private final Credentials signer;
  private final Path exportRoot;

  public ApproveJob(SparkSession spark, Ruleset ruleset, RunLedger ledger, Credentials signer, Path exportRoot) {
    super(JOB, spark, ruleset, ledger);
    this.signer = signer;
    this.exportRoot = exportRoot;
  }

  /** The day's rewards: its payouts are as many rows. */
  @Override
  protected List<TableDef> dayInputs() {
    return List.of(Catalog.DAILY_REWARDS);
  }

  @Override
  protected Summary compute(JobRun run, LocalDate day) throws Exception {
    ledger.recordInput(run, Catalog.PAYOUT_BATCHES);
    List<Row> batch = DayPartitions.read(spark, Catalog.PAYOUT_BATCHES, day).select("manifest_hash", "exporter")
        .collectAsList();
    if (batch.isEmpty()) {
      throw new UserException("approve --date " + day + ": no exported batch for the day; run 'bootcloud export' first");
    }
    Path folder = exportRoot.resolve(day.toString());
    if (!Files.isDirectory(folder)) {
      throw new UserException("approve --date " + day + ": export folder " + folder + " is missing");
    }
    BatchVerifier.Result v = BatchVerifier.verify(folder, day, batch.get(0).getString(0), batch.get(0).getString(1));
    if (!v.passed()) {
      throw new UserException("approve --date " + day + " refused: the batch does not verify: " + v.failures());
    }
    String address = signer.getAddress();
    List<Row> mine = DayPartitions.read(spark, Catalog.APPROVALS, day)
        .where(col("signer").equalTo(address).and(col("manifest_hash").equalTo(v.manifestHash()))).collectAsList();
    long already = DayPartitions.read(spark, Catalog.APPROVALS, day).where(col("manifest_hash").equalTo(v.manifestHash()))
        .select("signer").distinct().count();
    if (!mine.isEmpty()) {
      run.message(address + " had already approved " + day);
      return new Summary(day, address, v.manifestHash(), already, false);
    }
    String signature = ApprovalSignatures.sign(v.approval(), signer);
    Row row = RowFactory.create(Date.valueOf(day), v.manifestHash(), address, signature, Timestamp.from(run.startedAt()));
    spark.createDataFrame(List.of(row), TableSchemas.structOf(Catalog.APPROVALS)).write().format("delta")
        .mode("append").saveAsTable(Catalog.APPROVALS.fullName());
    ledger.recordOutput(run, Catalog.APPROVALS);
    run.message(address + " approved " + day + " (manifest " + v.manifestHash() + ")");
    return new Summary(day, address, v.manifestHash(), already + 1, true);
  }
}
