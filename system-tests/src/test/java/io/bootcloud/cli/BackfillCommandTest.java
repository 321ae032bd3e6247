package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dev.chain.DevTreasury;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill: {@code backfill} ingests and then does dpp and rewards day by day in one process, and
 * every day job after ingest (dpp, rewards, export, review, approve, reconcile) takes
 * {@code --from}/{@code --to} and does the days in order in one session, each day its own ledgered
 * run, ending exactly where one-day runs would (dpp and rewards over the backfilled range find every
 * day current): each contributor's DPP equals the simulator's ground
 * truth, every day is a complete rewards run whose invariants hold, and across a rule change in a
 * folder of ruleset versions each day is computed under the version in force on it. The commands
 * run through the command line in this JVM, on the test's session (what a cold process adds is
 * covered by the other system tests).
 */
class BackfillCommandTest {

  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
  private static final int DAYS = 3;
  private static final LocalDate LAST = FIRST.plusDays(DAYS - 1);
  private static final String DISTRIBUTOR = "0x00000000000000000000000000000000000000d1";

  @Test
  void aRangeComputesEveryDayInOrderEachAsItsOwnRun(@TempDir Path tmp) throws Exception {
    SparkSession spark = SharedSpark.session();
    String lakehouse = SharedSpark.lakehouse().root().toString();
    Path landing = tmp.resolve("landing");
    Path exports = tmp.resolve("exports");
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.clean(8, DAYS, 7, FIRST), landing);
    List<String> days = FIRST.datesUntil(LAST.plusDays(1)).map(LocalDate::toString).toList();
    String[] range = {"--from", FIRST.toString(), "--to", LAST.toString(), "--lakehouse", lakehouse};

    ok("init", "--lakehouse", lakehouse);

    // A history of two versions: the launch rules, then from the second day a 40/50/10 pool split.
    Path rulesets = Files.createDirectories(tmp.resolve("rulesets"));
    try (java.io.InputStream in = BackfillCommandTest.class.getResourceAsStream(
        io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE)) {
      Files.write(rulesets.resolve("2026.1.yaml"), in.readAllBytes());
    }
    Files.writeString(rulesets.resolve("2026.9.yaml"), "base: \"2026.1\"\nruleset_version: \"2026.9\"\n"
        + "effective_from: \"" + FIRST.plusDays(1) + "\"\npools:\n  a_percent: 40\n  bc_percent: 50\n");
    String[] config = {"--config", rulesets.toString()};

    // 'backfill' ingests, then does dpp and rewards day by day in one process: one line per job and day, in order.
    CommandLineRun backfill = ok(cat(cat(cat("backfill", range), config), "--landing", landing.toString()));
    assertThat(backfill.out()).startsWith("ingest: ").contains("rejected {}");
    List<String> expected = new ArrayList<>();
    days.forEach(d -> expected.addAll(List.of("dpp " + d, "rewards " + d)));
    assertThat(backfill.out().lines().filter(l -> l.startsWith("dpp ") || l.startsWith("rewards "))
        .map(l -> l.substring(0, l.indexOf(':')))).as(backfill.out()).containsExactlyElementsOf(expected);
    assertThat(backfill.out()).doesNotContain("unchanged");
    // dpp and rewards over the same range find each day's run current: the same runs, nothing written twice.
    for (String job : List.of("dpp", "rewards")) {
      String out = ok(cat(cat(job, range), config)).out();
      assertThat(daysIn(out, job + " ")).as(out).isEqualTo(days);
      assertThat(out.lines().filter(l -> l.startsWith(job + " ")))
          .as(out).allMatch(l -> l.contains("(unchanged, nothing written)"));
    }

    DevTreasury.Keys keys = DevTreasury.ensure(tmp.resolve("keys"));
    String[] batch = {"--exports", exports.toString(), "--password-file", keys.passwordFile().toString()};
    CommandLineRun export = ok(cat(cat(cat("export", range), config), cat(batch, "--distributor", DISTRIBUTOR,
        "--keystore", keys.exporter().toString())));
    assertThat(daysIn(export.out(), "export ")).isEqualTo(days);
    for (String d : days) {
      assertThat(exports.resolve(d)).isDirectory();
    }

    // A range's JSON is an array of the days' reports, in order; each passes its integrity checks.
    CommandLineRun review = ok(cat(cat(cat("review", range), config), "--json", "--exports", exports.toString()));
    JsonNode reports = new ObjectMapper().readTree(review.out());
    assertThat(reports.isArray()).as(review.out()).isTrue();
    List<String> reviewed = new ArrayList<>();
    reports.forEach(r -> reviewed.add(r.path("day").asText()));
    assertThat(reviewed).isEqualTo(days);

    CommandLineRun approve = ok(cat(cat(cat("approve", range), config), cat(batch, "--keystore",
        keys.treasury().get(0).toString())));
    assertThat(daysIn(approve.out(), "approve ")).isEqualTo(days);
    assertThat(approve.out()).contains(" approved manifest ").doesNotContain("had already approved");

    // Reconcile without a chain checks every day's off-chain invariants, going on past a failing day.
    CommandLineRun reconcile = CommandLineRun.of(cat(cat("reconcile", range), config));
    assertThat(daysIn(reconcile.out(), "reconcile ")).as(reconcile.err()).isEqualTo(days);

    // Each day under the version in force on it: 40% of 100,000 BCT to pool BC, then 50%.
    assertThat(rows(spark, "SELECT day, ruleset_version, pool_bc_budget FROM gold.emission_ledger ORDER BY day"))
        .containsExactly("[" + FIRST + ",2026.1,40000000000000000000000]",
            "[" + FIRST.plusDays(1) + ",2026.9,50000000000000000000000]",
            "[" + FIRST.plusDays(2) + ",2026.9,50000000000000000000000]");
    assertThat(rows(spark, "SELECT day, concat_ws(',', collect_set(ruleset_version)) FROM gold.daily_rewards "
        + "GROUP BY day ORDER BY day"))
        .containsExactly("[" + FIRST + ",2026.1]", "[" + FIRST.plusDays(1) + ",2026.9]",
            "[" + FIRST.plusDays(2) + ",2026.9]");
    // One succeeded run per job and day, each day its own run (dpp and rewards twice: the backfill's, then the
    // one that found the day current and wrote nothing); nothing else.
    assertThat(rows(spark, "SELECT job, count(DISTINCT day), count(DISTINCT run_id) FROM audit.run_status "
        + "WHERE status = 'SUCCEEDED' AND job IN ('dpp', 'rewards', 'export', 'approve', 'reconcile') "
        + "GROUP BY job ORDER BY job"))
        .containsExactly("[approve,3,3]", "[dpp,3,6]", "[export,3,3]", "[reconcile,3,3]", "[rewards,3,6]");
    assertThat(rows(spark, "SELECT count(*) FROM audit.run_status WHERE status = 'SUCCEEDED' AND job = 'ingest' "
        + "AND day = DATE '" + LAST + "'")).containsExactly("[1]");
    assertThat(rows(spark, "SELECT count(*) FROM audit.run_status WHERE status <> 'SUCCEEDED'"))
        .containsExactly("[0]");
    assertThat(rows(spark, "SELECT count(*) FROM audit.reward_runs")).containsExactly("[" + DAYS + "]");
    assertThat(rows(spark, "SELECT count(*) FROM audit.daily_invariants WHERE all_hold"))
        .containsExactly("[" + DAYS + "]");
    assertThat(rows(spark, "SELECT count(DISTINCT day) FROM audit.reconciliation")).containsExactly("[" + DAYS + "]");
    assertThat(rows(spark, "SELECT count(*) FROM settlement.payout_batches")).containsExactly("[" + DAYS + "]");

    Map<LocalDate, Map<String, Long>> got = new HashMap<>();
    for (Row r : spark.sql("SELECT day, contributor_id, dpp FROM gold.daily_dpp").collectAsList()) {
      got.computeIfAbsent(r.getDate(0).toLocalDate(), d -> new HashMap<>()).put(r.getString(1), r.getLong(2));
    }
    for (String d : days) {
      LocalDate day = LocalDate.parse(d);
      Map<String, Long> verified = new HashMap<>(truth.verifiedDpp().getOrDefault(day, Map.of()));
      verified.values().removeIf(v -> v == 0);
      assertThat(verified).as("ground truth of " + day).isNotEmpty();
      Map<String, Long> computed = new HashMap<>(got.getOrDefault(day, Map.of()));
      computed.values().removeIf(v -> v == 0); // contributors with heartbeats but no verified work
      assertThat(computed).as("verified dpp on " + day).isEqualTo(verified);
    }

    // A refused day stops the range and says how to continue: the days were exported, so dpp refuses the first.
    CommandLineRun again = CommandLineRun.of(cat("dpp", range));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("refused").contains("backfill dpp stopped at " + FIRST + "; 0 earlier days done")
        .contains("continue with --from " + FIRST + " --to " + LAST);
    CommandLineRun backfillAgain = CommandLineRun.of(cat(cat("backfill", range), "--no-ingest"));
    assertThat(backfillAgain.exit()).isEqualTo(1);
    assertThat(backfillAgain.out()).doesNotContain("ingest: ");
    assertThat(backfillAgain.err()).contains("dpp --date " + FIRST + " refused: the payout batch of " + FIRST)
        .contains("backfill dpp and rewards stopped at " + FIRST + "; 0 earlier days done");
  }

  private static CommandLineRun ok(String... args) {
    CommandLineRun r = CommandLineRun.of(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  private static List<String> rows(SparkSession spark, String sql) {
    return spark.sql(sql).collectAsList().stream().map(Row::toString).toList();
  }

  /** The days of the lines of {@code out} that start with {@code prefix} and a day, in order. */
  private static List<String> daysIn(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix) && l.length() >= prefix.length() + 10)
        .map(l -> l.substring(prefix.length(), prefix.length() + 10)).toList();
  }

  private static String[] cat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static String[] cat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
