package io.bootcloud.dpp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.rules.config.LateWorkPolicy;
import io.bootcloud.rules.config.Ruleset;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * DPP stays exact, or saturates at the BIGINT maximum, for any difficulties ingest can accept:
 * shares anywhere up to {@code Long.MAX_VALUE} sol on several devices of one contributor, with
 * late work of an earlier day on top (ruleset 2026.2). One share of Long.MAX_VALUE with any other
 * used to fail the day with ARITHMETIC_OVERFLOW for every contributor. The expected values are
 * computed here with BigInteger: {@code min(Σ difficulty, 2^63 − 1)} per contributor.
 */
class DppExtremeValuesTest {

  private static final LocalDate DAY = LocalDate.of(2039, 6, 6);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  @Provide
  Arbitrary<List<Long>> difficulties() {
    Arbitrary<Long> one = Arbitraries.longs().between(1, Long.MAX_VALUE)
        .edgeCases(c -> c.includeOnly(1L, 1L << 40, Long.MAX_VALUE, Long.MAX_VALUE - 1));
    return one.list().ofMinSize(0).ofMaxSize(3);
  }

  @Property(tries = 20)
  void dppIsTheExactSumOrTheBigintMaximum(@ForAll("difficulties") List<Long> big1,
      @ForAll("difficulties") List<Long> big2, @ForAll("difficulties") List<Long> late,
      @ForAll("difficulties") List<Long> small) {
    SparkSession spark = SharedSpark.session();
    Ruleset ruleset = RulesetLoader.shippedHistory().forDay(DAY);
    assertThat(ruleset.lateWork()).isEqualTo(LateWorkPolicy.CREDIT_FIRST_OPEN_DAY);
    Timestamp start = Timestamp.from(ruleset.dayStart(DAY));
    List<Row> shares = new ArrayList<>();
    addShares(shares, "xb1", big1, start, DAY, false);
    addShares(shares, "xb2", big2, start, DAY, false);
    addShares(shares, "xs1", small, start, DAY, false);
    List<Row> lateShares = new ArrayList<>();
    addShares(lateShares, "xb1", late, Timestamp.from(ruleset.dayStart(DAY.minusDays(1))), DAY.minusDays(1), true);
    Timestamp bound = Timestamp.from(ruleset.dayStart(DAY.minusDays(10)));
    Dataset<Row> bindings = spark.createDataFrame(List.of(
        RowFactory.create("xb1", "x-big", bound, null, true, "b1", null, "t"),
        RowFactory.create("xb2", "x-big", bound, null, true, "b2", null, "t"),
        RowFactory.create("xs1", "x-small", bound, null, true, "b3", null, "t")),
        TableSchemas.structOf(Catalog.DEVICE_BINDINGS));
    DppJob.Inputs inputs = new DppJob.Inputs(spark.createDataFrame(shares, TableSchemas.structOf(Catalog.SHARES)),
        spark.createDataFrame(List.of(), TableSchemas.structOf(Catalog.HEARTBEATS)), bindings,
        spark.createDataFrame(lateShares, TableSchemas.structOf(Catalog.SHARES)));

    Map<String, long[]> got = new HashMap<>();
    for (Row r : DppJob.daily(ruleset, DppJob.attributed(ruleset, DAY, inputs), inputs)
        .select("contributor_id", "dpp", "late_dpp", "shares").collectAsList()) {
      got.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
    }

    List<Long> bigOwn = new ArrayList<>(big1);
    bigOwn.addAll(big2);
    Map<String, long[]> expected = new HashMap<>();
    if (!bigOwn.isEmpty() || !late.isEmpty()) {
      List<Long> all = new ArrayList<>(bigOwn);
      all.addAll(late);
      expected.put("x-big", new long[] {saturated(all), saturated(late), all.size()});
    }
    if (!small.isEmpty()) {
      expected.put("x-small", new long[] {saturated(small), 0, small.size()});
    }
    assertThat(got).containsOnlyKeys(expected.keySet());
    expected.forEach((c, e) -> assertThat(got.get(c)).as(c).containsExactly(e));
  }

  /**
   * Reported DPP (Σ rate × seconds / 3600) saturates too: a rate of 10^24 − 1 sol/hr over one
   * computing hour is far beyond BIGINT (ingest refuses rates from 10^12, silver's type allows this);
   * the other contributor's 7 sol/hr over one hour stays 7.
   */
  @Example
  void reportedDppSaturatesAtTheBigintMaximum() {
    SparkSession spark = SharedSpark.session();
    Ruleset ruleset = RulesetLoader.shippedHistory().forDay(DAY);
    Timestamp end = Timestamp.from(ruleset.dayStart(DAY).plusSeconds(3600));
    Timestamp bound = Timestamp.from(ruleset.dayStart(DAY.minusDays(10)));
    List<Row> heartbeats = List.of(
        RowFactory.create(Date.valueOf(DAY), "hb1", "xh1", end, 3600, "computing",
            new java.math.BigDecimal("999999999999999999999999.000000"), "gpu", false, "f", 1L, "t", 1L),
        RowFactory.create(Date.valueOf(DAY), "hb2", "xh2", end, 3600, "computing",
            new java.math.BigDecimal("7.000000"), "cpu", false, "f", 2L, "t", 2L));
    Dataset<Row> bindings = spark.createDataFrame(List.of(
        RowFactory.create("xh1", "h-huge", bound, null, true, "b1", null, "t"),
        RowFactory.create("xh2", "h-small", bound, null, true, "b2", null, "t")),
        TableSchemas.structOf(Catalog.DEVICE_BINDINGS));
    DppJob.Inputs inputs = new DppJob.Inputs(spark.createDataFrame(List.of(), TableSchemas.structOf(Catalog.SHARES)),
        spark.createDataFrame(heartbeats, TableSchemas.structOf(Catalog.HEARTBEATS)), bindings, null);
    Map<String, Long> reported = new HashMap<>();
    for (Row r : DppJob.daily(ruleset, DppJob.attributed(ruleset, DAY, inputs), inputs)
        .select("contributor_id", "dpp_reported").collectAsList()) {
      reported.put(r.getString(0), r.getLong(1));
    }
    assertThat(reported).containsOnly(Map.entry("h-huge", Long.MAX_VALUE), Map.entry("h-small", 7L));
  }

  private static long saturated(List<Long> values) {
    BigInteger sum = values.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
    return sum.min(MAX).longValueExact();
  }

  private static void addShares(List<Row> out, String device, List<Long> difficulties, Timestamp dayStart,
      LocalDate day, boolean late) {
    for (int i = 0; i < difficulties.size(); i++) {
      String id = device + (late ? "-late-" : "-") + i;
      out.add(RowFactory.create(Date.valueOf(day), id, device, new Timestamp(dayStart.getTime() + 60_000L * (i + 1)),
          difficulties.get(i), null, null, late, "f", (long) i + 1, "t", (long) id.hashCode(),
          late ? Date.valueOf(DAY) : null));
    }
  }
}
