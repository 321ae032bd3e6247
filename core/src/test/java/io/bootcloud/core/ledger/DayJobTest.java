package io.bootcloud.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.spark.SmallQueries;
import io.bootcloud.core.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.InterpretedUnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A day job runs interpreted as a whole when its day's inputs are small ({@link SmallQueries#SMALL_DAY_BYTES}). */
class DayJobTest {

  private static SparkSession spark;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
  }

  /** A job whose day's inputs are the stored bytes of silver.shares; it reports how projections evaluate. */
  private static final class ProbeJob extends DayJob<Boolean> {
    ProbeJob() {
      super("probe", DayJobTest.spark, io.bootcloud.core.config.RulesetLoader.loadDefault(),
          new RunLedger(DayJobTest.spark));
    }

    @Override
    protected java.util.List<io.bootcloud.core.catalog.TableDef> dayInputs() {
      return java.util.List.of(Catalog.SHARES);
    }

    @Override
    protected Boolean compute(JobRun run, LocalDate day) {
      return UnsafeProjection.create(new org.apache.spark.sql.types.DataType[] {
          org.apache.spark.sql.types.DataTypes.LongType}) instanceof InterpretedUnsafeProjection;
    }
  }

  @Test
  void aDayUnderTheThresholdRunsInterpretedAndALargerOneWithGeneratedCode() throws Exception {
    SharedSpark.generatedCode(spark, () -> {
      LocalDate day = LocalDate.of(2026, 4, 2);
      spark.sql("INSERT INTO silver.shares SELECT * FROM silver.shares WHERE false"); // a commit, no rows
      long stored = DayPartitions.storedBytes(spark, Catalog.SHARES, day);
      assertThat(stored).isZero();
      assertThat(new ProbeJob().run(day)).isTrue();

      // The day's folder with a data file in it: its bytes count.
      java.nio.file.Path folder = java.nio.file.Path.of(java.net.URI.create(
          spark.sql("DESCRIBE DETAIL silver.shares").first().getString(
              java.util.Arrays.asList(spark.sql("DESCRIBE DETAIL silver.shares").columns()).indexOf("location"))))
          .resolve("day=" + day);
      java.nio.file.Files.createDirectories(folder);
      java.nio.file.Files.write(folder.resolve("part-probe.parquet"), new byte[4096]);
      try {
        assertThat(DayPartitions.storedBytes(spark, Catalog.SHARES, day)).isEqualTo(4096);
        spark.conf().set(SmallQueries.SMALL_DAY_BYTES, "4096");
        assertThat(new ProbeJob().run(day)).as("4096 bytes is not under a threshold of 4096").isFalse();
        spark.conf().set(SmallQueries.SMALL_DAY_BYTES, "4097");
        assertThat(new ProbeJob().run(day)).isTrue();
        spark.conf().set(SmallQueries.SMALL_DAY_BYTES, "0");
        assertThat(new ProbeJob().run(LocalDate.of(2026, 4, 3))).as("0 turns it off, even for an empty day").isFalse();
        spark.conf().set(SmallQueries.SMALL_DAY_BYTES, "lots");
        assertThatThrownBy(() -> new ProbeJob().run(day)).isInstanceOf(UserException.class)
            .hasMessageContaining(SmallQueries.SMALL_DAY_BYTES).hasMessageContaining("'lots'");
      } finally {
        spark.conf().unset(SmallQueries.SMALL_DAY_BYTES);
        java.nio.file.Files.delete(folder.resolve("part-probe.parquet"));
        java.nio.file.Files.delete(folder);
      }
      // Outside the job, as before it.
      assertThat(UnsafeProjection.create(new org.apache.spark.sql.types.DataType[] {
          org.apache.spark.sql.types.DataTypes.LongType})).isNotInstanceOf(InterpretedUnsafeProjection.class);
      return null;
    });
  }
}
