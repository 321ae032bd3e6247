package io.bootcloud.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * "Exported" is one rule (a payout batch row of the day exists) read three ways: every exported day
 * (ingest's late events), one day (the demo), and the carried days of a command's range (dpp and
 * rewards refuse an exported day), which must see a batch written after it read.
 */
class DayGuardsTest {

  @Test
  void aDayIsExportedOnceItsPayoutBatchExistsHoweverItIsAsked() {
    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    LocalDate first = LocalDate.of(2031, 2, 1);
    LocalDate second = first.plusDays(1);
    LocalDate third = first.plusDays(2);
    export(spark, first);
    export(spark, third);

    assertThat(DayGuards.exportedDays(spark)).contains(first, third).doesNotContain(second);
    assertThat(DayGuards.exported(spark, first)).isTrue();
    assertThat(DayGuards.exported(spark, second)).isFalse();
    assertThat(DayGuards.exported(spark, third)).isTrue();

    RunLedger ledger = new RunLedger(spark);
    ledger.days(List.of(first, second, third));
    DayGuards.refuseIfExported(spark, ledger, "dpp", second);
    for (LocalDate day : List.of(first, third)) {
      assertThatThrownBy(() -> DayGuards.refuseIfExported(spark, ledger, "dpp", day))
          .isInstanceOf(UserException.class)
          .hasMessage("dpp --date " + day + " refused: the payout batch of " + day
              + " was exported, so the day is immutable; corrections go into a later day");
    }
    // A batch written after the command read its days is seen: the carried read notices the new version.
    export(spark, second);
    assertThatThrownBy(() -> DayGuards.refuseIfExported(spark, ledger, "rewards", second))
        .hasMessageStartingWith("rewards --date " + second + " refused: the payout batch of " + second);
    assertThat(DayGuards.exported(spark, second)).isTrue();
  }

  private static void export(SparkSession spark, LocalDate day) {
    DayPartitionsTest.oneRow(Catalog.PAYOUT_BATCHES, day, Map.of("status", "EXPORTED",
            "created_at", java.sql.Timestamp.from(java.time.Instant.parse("2031-03-01T00:00:00Z")),
            "totals_by_class", scala.collection.immutable.Map$.MODULE$.<String, BigDecimal>empty(),
            "counts_by_class", scala.collection.immutable.Map$.MODULE$.<String, Long>empty(),
            "input_versions", scala.collection.immutable.Map$.MODULE$.<String, Long>empty()))
        .write().format("delta").mode("append").saveAsTable(Catalog.PAYOUT_BATCHES.fullName());
  }
}
