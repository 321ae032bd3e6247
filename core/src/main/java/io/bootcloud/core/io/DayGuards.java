package io.bootcloud.core.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.ledger.CarriedRead;
import io.bootcloud.core.ledger.DayValues;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.SmallQueries;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * Where a day stands, as every guard reads it (audit.day_lifecycle shows the same stages to
 * auditors): a day is <em>exported</em> once its payout batch exists, and from then it is
 * immutable (dpp and rewards refuse it) and its newly arriving events are late (ingest).
 */
public final class DayGuards {

  private DayGuards() {}

  /** Every exported day: the days whose payout batch exists. */
  public static java.util.Set<LocalDate> exportedDays(SparkSession spark) {
    return exportedDays(spark, lit(true));
  }

  /** Whether {@code day} was exported (its payout batch exists). */
  public static boolean exported(SparkSession spark, LocalDate day) {
    return exportedDays(spark, col("day").equalTo(lit(java.sql.Date.valueOf(day)))).contains(day);
  }

  /** The exported days among those {@code where} admits: the one query of the rule. */
  private static java.util.Set<LocalDate> exportedDays(SparkSession spark, org.apache.spark.sql.Column where) {
    return SmallQueries.interpreted(spark, () -> spark.table(Catalog.PAYOUT_BATCHES.fullName()).where(where)
        .select("day").distinct().as(org.apache.spark.sql.Encoders.DATE()).collectAsList().stream()
        .map(java.sql.Date::toLocalDate).collect(java.util.stream.Collectors.toSet()));
  }

  /**
   * Refuses to recompute {@code day} once it was exported (DESIGN.md "Payouts"). The exported days
   * of the whole command ({@link RunLedger#days}) are read once and kept while no batch is written
   * ({@link RunLedger#carried}).
   */
  public static void refuseIfExported(SparkSession spark, RunLedger ledger, String job, LocalDate day) {
    RunLedger.Span needed = new RunLedger.Span(day, day);
    RunLedger.Span window = ledger.around(day, 0, 0);
    CarriedRead<DayValues<Boolean>> exported = ledger.carried("exported days", Catalog.PAYOUT_BATCHES);
    DayValues<Boolean> held = exported.get(e -> e.covers(needed), () -> new DayValues<>(window,
        exportedDays(spark, window.on(col("day"))).stream().collect(java.util.stream.Collectors.toMap(d -> d,
            d -> Boolean.TRUE))));
    if (held.byDay().containsKey(day)) {
      throw refused(job, day);
    }
  }

  private static UserException refused(String job, LocalDate day) {
    return new UserException(job + " --date " + day + " refused: the payout batch of " + day
        + " was exported, so the day is immutable; corrections go into a later day");
  }
}
