package io.bootcloud.core.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** Checks every day job makes before it computes: a day that was exported is immutable. */
public final class DayGuards {

  private DayGuards() {}

  /** Refuses to recompute {@code day} once its payout batch exists (DESIGN.md "Payouts"). */
  public static void refuseIfExported(SparkSession spark, String job, LocalDate day) {
    long batches = spark.table(Catalog.PAYOUT_BATCHES.fullName())
        .where(col("day").equalTo(lit(java.sql.Date.valueOf(day)))).count();
    if (batches > 0) {
      throw new UserException(job + " --date " + day + " refused: the payout batch of " + day
          + " was exported, so the day is immutable; corrections go into a later day");
    }
  }

  /** True when {@code job} has a SUCCEEDED run for {@code day} in audit.job_runs. */
  public static boolean succeeded(SparkSession spark, String job, LocalDate day) {
    return spark.table(Catalog.JOB_RUNS.fullName())
        .where(col("job").equalTo(lit(job))
            .and(col("day").equalTo(lit(java.sql.Date.valueOf(day))))
            .and(col("status").equalTo(lit("SUCCEEDED"))))
        .limit(1).count() > 0;
  }
}
