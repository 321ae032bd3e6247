package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dev.chain.DevChainKeys;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.ingestion.IngestReport;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.settlement.batch.ExportJob;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.SimulationConfig;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late verified work paid under a later ruleset version, end to end: day L is computed and
 * exported under the launch version; shares of L then arrive late and are ingested flagged, with
 * L + 1 as their credit day; L + 1, under a version with {@code late_work: credit_first_open_day},
 * pays them to the contributors their devices were bound to, with lineage, and still pays exactly
 * its emission; day L is unchanged; and {@code bootcloud replay} of both days reproduces them.
 */
class LateWorkPaidTest {

  private static final LocalDate LAUNCH = LocalDate.of(2038, 1, 1);
  private static final LocalDate NEXT = LAUNCH.plusDays(1);

  @Test
  void lateSharesOfAnExportedDayArePaidOnTheNextOpenDayUnderTheRulesetThatPaysThem(@TempDir Path tmp)
      throws Exception {
    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    Path rulesets = Files.createDirectories(tmp.resolve("rulesets"));
    try (InputStream in = RulesetLoader.class.getResourceAsStream(RulesetLoader.DEFAULT_RESOURCE)) {
      Files.writeString(rulesets.resolve("launch.yaml"), new String(in.readAllBytes())
          .replace("launch_day: \"2026-01-01\"", "launch_day: \"" + LAUNCH + "\""));
    }
    Files.writeString(rulesets.resolve("late.yaml"), "base: \"2026.1\"\nruleset_version: \"late-paid\"\n"
        + "effective_from: \"" + NEXT + "\"\nlate_work: credit_first_open_day\n");
    RulesetHistory history = RulesetLoader.history(rulesets);
    RunLedger ledger = new RunLedger(spark);
    Path landing = tmp.resolve("landing");
    FleetSimulator.simulate(SimulationConfig.clean(6, 2, 11, LAUNCH), landing);
    IngestJob.Options options = new IngestJob.Options(landing.toUri().toString(),
        tmp.resolve("checkpoint").toUri().toString(), 500);
    new IngestJob(spark, history.forDay(LAUNCH), ledger, new PrintWriter(new StringWriter())).run(NEXT, options);

    new DppJob(spark, history.forDay(LAUNCH), ledger).run(LAUNCH);
    new RewardsJob(spark, history.forDay(LAUNCH), ledger).run(LAUNCH);
    new ExportJob(spark, history.forDay(LAUNCH), ExportChecks.OPS, ledger, DevChainKeys.forChain(31337).get(1),
        "0x" + "5".repeat(40), tmp.resolve("exports")).run(LAUNCH);
    String launchRewards = rewardsOf(spark, LAUNCH);

    // Late shares of the exported day: two from a device bound all day to one contributor.
    Row bound = spark.sql("SELECT device_id, contributor_id FROM silver.device_bindings WHERE valid_from <= "
        + "TIMESTAMP'" + LAUNCH + " 09:00:00' AND valid_to IS NULL ORDER BY device_id LIMIT 1").first();
    String device = bound.getString(0);
    String contributor = bound.getString(1);
    Path late = landing.resolve("telemetry/dt=" + NEXT + "/hr=05/late-1.ndjson");
    Files.createDirectories(late.getParent());
    Files.writeString(late, String.join("\n",
        "{\"type\":\"share\",\"event_id\":\"late-1\",\"device_id\":\"" + device + "\",\"ts\":\"" + LAUNCH
            + "T10:00:00Z\",\"difficulty\":1234}",
        "{\"type\":\"share\",\"event_id\":\"late-2\",\"device_id\":\"" + device + "\",\"ts\":\"" + LAUNCH
            + "T11:00:00Z\",\"difficulty\":766}") + "\n");
    IngestReport report = new IngestJob(spark, history.forDay(NEXT), ledger, new PrintWriter(new StringWriter()))
        .run(NEXT, options);
    assertThat(report.late()).isEqualTo(2);
    assertThat(spark.sql("SELECT count(*) FROM silver.shares WHERE event_id IN ('late-1', 'late-2') AND is_late "
        + "AND credit_day = DATE'" + NEXT + "'").first().getLong(0)).isEqualTo(2);

    DppJob.Summary dpp = new DppJob(spark, history.forDay(NEXT), ledger).run(NEXT);
    assertThat(dpp.wrote()).isTrue();
    Row credited = spark.sql("SELECT late_dpp, CAST(late_from AS STRING), ruleset_version FROM gold.daily_dpp "
        + "WHERE day = DATE'" + NEXT + "' AND contributor_id = '" + contributor + "'").first();
    assertThat(credited.getLong(0)).isEqualTo(1234 + 766);
    assertThat(credited.getString(1)).isEqualTo("{" + LAUNCH + " -> 2000}");
    assertThat(credited.getString(2)).isEqualTo("late-paid");
    assertThat(spark.sql("SELECT count(*) FROM gold.daily_dpp WHERE day = DATE'" + NEXT + "' AND late_dpp > 0")
        .first().getLong(0)).isEqualTo(1);
    // The late work is in the contributor's DPP: the day's own shares of that contributor plus 2,000 sol.
    long own = spark.sql("SELECT coalesce(sum(s.difficulty), 0) FROM silver.shares s JOIN silver.device_bindings b "
        + "ON s.device_id = b.device_id AND s.ts >= b.valid_from AND (b.valid_to IS NULL OR s.ts < b.valid_to) "
        + "WHERE s.day = DATE'" + NEXT + "' AND NOT s.is_late AND b.contributor_id = '" + contributor + "'")
        .first().getLong(0);
    assertThat(spark.sql("SELECT dpp FROM gold.daily_dpp WHERE day = DATE'" + NEXT + "' AND contributor_id = '"
        + contributor + "'").first().getLong(0)).isEqualTo(own + 2000);

    new RewardsJob(spark, history.forDay(NEXT), ledger).run(NEXT);
    // Each day still pays exactly its emission, and the exported day is unchanged.
    Row invariants = spark.sql("SELECT all_hold FROM audit.daily_invariants WHERE day = DATE'" + NEXT + "'").first();
    assertThat(invariants.getBoolean(0)).isTrue();
    Row paid = spark.sql("SELECT sum(r.amount), first(l.emitted) FROM gold.daily_rewards r JOIN gold.emission_ledger l "
        + "ON l.day = r.day WHERE r.day = DATE'" + NEXT + "'").first();
    assertThat(paid.getDecimal(0).toBigIntegerExact()).isEqualTo(paid.getDecimal(1).toBigIntegerExact())
        .isPositive();
    assertThat(rewardsOf(spark, LAUNCH)).isEqualTo(launchRewards);
    Row statement = spark.sql("SELECT late_dpp, amount FROM audit.contributor_statement WHERE day = DATE'" + NEXT
        + "' AND contributor_id = '" + contributor + "'").first();
    assertThat(statement.getLong(0)).isEqualTo(2000);
    assertThat(statement.getDecimal(1).toBigIntegerExact()).isGreaterThan(BigInteger.ZERO);

    // Replay with the history: each day under its own version reproduces what was recorded.
    StringWriter text = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(text));
    int exit = cl.execute("replay", "--from", LAUNCH.toString(), "--to", NEXT.toString(), "--config",
        rulesets.toString(), "--lakehouse", SharedSpark.lakehouse().root().toString(), "--json");
    JsonNode days = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text.toString());
    assertThat(exit).as(text.toString()).isZero();
    assertThat(days).hasSize(2);
    assertThat(List.of(days.get(0).path("replayed_ruleset").asText(), days.get(1).path("replayed_ruleset").asText()))
        .containsExactly("2026.1", "late-paid");
    assertThat(days.get(1).path("identical").asBoolean()).isTrue();
    // The launch rules forced on both days: the next day then leaves its late work unpaid.
    text.getBuffer().setLength(0);
    int whatIf = cl.execute("replay", "--from", NEXT.toString(), "--to", NEXT.toString(), "--config",
        rulesets.resolve("launch.yaml").toString(), "--lakehouse", SharedSpark.lakehouse().root().toString(), "--json");
    assertThat(whatIf).isEqualTo(ReplayCommand.EXIT_DIFFERENT);
    JsonNode diff = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text.toString()).get(0);
    JsonNode mine = null;
    for (JsonNode x : diff.path("differences")) {
      if (x.path("contributor_id").asText().equals(contributor)) {
        mine = x;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.path("recorded").path("dpp").asLong() - mine.path("replayed").path("dpp").asLong())
        .isEqualTo(2000);
    assertThat(diff.path("identical").asBoolean()).isFalse();
  }

  private static String rewardsOf(SparkSession spark, LocalDate day) {
    return String.join("|", spark.sql("SELECT contributor_id, dpp, class, amount, run_id FROM gold.daily_rewards "
        + "WHERE day = DATE'" + day + "' ORDER BY contributor_id").collectAsList().stream().map(Row::mkString).toList());
  }
}
