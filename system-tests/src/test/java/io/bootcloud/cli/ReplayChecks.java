package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.testing.SharedSpark;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;

/**
 * {@code bootcloud replay} over settled days, through the command line in this JVM: the rules that
 * produced the days reproduce them (every contributor, the emission, and the root the chain holds);
 * a changed pool split gives the amounts an independent apportionment below computes, to the unit.
 */
final class ReplayChecks {

  private ReplayChecks() {}

  /** The default ruleset launched on {@code launch}, with {@code a}/{@code bc}/{@code d} pool percentages. */
  static Path rulesetFile(Path dir, String name, LocalDate launch, int a, int bc, int d, String version)
      throws Exception {
    try (InputStream in = RulesetLoader.class.getResourceAsStream(RulesetLoader.DEFAULT_RESOURCE)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("launch_day: \"2026-01-01\"", "launch_day: \"" + launch + "\"")
          .replace("a_percent: 50", "a_percent: " + a).replace("bc_percent: 40", "bc_percent: " + bc)
          .replace("d_percent: 10", "d_percent: " + d)
          .replace("ruleset_version: \"2026.1\"", "ruleset_version: \"" + version + "\"");
      return Files.writeString(dir.resolve(name), yaml);
    }
  }

  /** Runs {@code bootcloud replay} in this JVM; returns the exit code and the parsed --json output. */
  static Map.Entry<Integer, JsonNode> replay(LocalDate from, LocalDate to, Path config, Path csv) throws Exception {
    StringWriter text = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(text));
    List<String> args = new ArrayList<>(List.of("replay", "--from", from.toString(), "--to", to.toString(), "--config",
        config.toString(), "--lakehouse", SharedSpark.lakehouse().root().toString(), "--json"));
    if (csv != null) {
      args.addAll(List.of("--csv", csv.toString()));
    }
    int exit = cl.execute(args.toArray(String[]::new));
    assertThat(text.toString()).as("replay output").startsWith("[");
    return Map.entry(exit, new ObjectMapper().readTree(text.toString()));
  }

  /** Same rules: exit 0, every day identical, and each replayed root is the root its postRoot sent on-chain. */
  static void sameRulesReproduceEverySettledDay(SparkSession spark, Path dir, LocalDate launch, int days)
      throws Exception {
    Path config = rulesetFile(dir, "replay-same.yaml", launch, 50, 40, 10, "2026.1");
    Map.Entry<Integer, JsonNode> r = replay(launch, launch.plusDays(days - 1), config, null);
    assertThat(r.getKey()).as(r.getValue().toString()).isZero();
    assertThat(r.getValue()).hasSize(days);
    for (JsonNode day : r.getValue()) {
      LocalDate d = LocalDate.parse(day.path("day").asText());
      assertThat(day.path("identical").asBoolean()).as(day.toString()).isTrue();
      assertThat(day.path("differences")).isEmpty();
      assertThat(day.path("contributors").asLong()).isEqualTo(spark.sql(
          "SELECT count(*) FROM gold.daily_dpp WHERE day = DATE '" + d + "'").first().getLong(0)).isPositive();
      assertThat(day.path("replayed_root").asText()).isEqualTo(postedRoot(spark, d))
          .isEqualTo(day.path("recorded_root").asText());
      assertThat(day.path("input_versions").has("silver.shares")).isTrue();
      assertThat(day.path("input_versions").has("gold.daily_dpp")).isTrue();
    }
  }

  /**
   * A 40/50/10 split instead of 50/40/10: exit 3; each contributor's replayed amount is the one a
   * separate apportionment of the recorded classes and DPP computes, and a contributor is listed as
   * different exactly when that amount differs from the recorded one; the CSV holds the same rows.
   */
  static void aChangedPoolSplitGivesTheExpectedDifferences(SparkSession spark, Path dir, LocalDate launch, int days)
      throws Exception {
    Path config = rulesetFile(dir, "replay-whatif.yaml", launch, 40, 50, 10, "whatif.1");
    Path csv = dir.resolve("differences.csv");
    Map.Entry<Integer, JsonNode> r = replay(launch, launch.plusDays(days - 1), config, csv);
    assertThat(r.getKey()).isEqualTo(ReplayCommand.EXIT_DIFFERENT);
    int csvRows = 0;
    for (JsonNode day : r.getValue()) {
      LocalDate d = LocalDate.parse(day.path("day").asText());
      assertThat(day.path("replayed_ruleset").asText()).isEqualTo("whatif.1");
      assertThat(day.path("recorded_ruleset").asText()).isEqualTo("2026.1");
      Row ledger = spark.sql("SELECT emitted + not_emitted FROM gold.emission_ledger WHERE day = DATE '" + d + "'")
          .first();
      BigInteger emittable = ledger.getDecimal(0).toBigIntegerExact();
      List<Row> rows = spark.sql("SELECT contributor_id, class, dpp, amount FROM gold.daily_rewards WHERE day = DATE '"
          + d + "'").collectAsList();
      Map<String, BigInteger> recorded = new TreeMap<>();
      Map<String, BigInteger> expected = expectedAmounts(rows, emittable, 40, 10, recorded);
      Map<String, BigInteger> replayed = new TreeMap<>(recorded);
      for (JsonNode x : day.path("differences")) {
        assertThat(x.path("fields").toString()).isEqualTo("[\"amount\"]");
        replayed.put(x.path("contributor_id").asText(), new BigInteger(x.path("replayed").path("amount").asText()));
        assertThat(new BigInteger(x.path("amount_delta").asText())).isEqualTo(
            replayed.get(x.path("contributor_id").asText()).subtract(recorded.get(x.path("contributor_id").asText())));
      }
      assertThat(replayed).isEqualTo(expected);
      long changed = expected.keySet().stream().filter(id -> !expected.get(id).equals(recorded.get(id))).count();
      assertThat(day.path("differences")).hasSize((int) changed);
      assertThat(changed).isPositive();
      assertThat(new BigInteger(day.path("replayed_emitted").asText()))
          .isEqualTo(expected.values().stream().reduce(BigInteger.ZERO, BigInteger::add));
      assertThat(day.path("identical").asBoolean()).isFalse();
      assertThat(day.path("replayed_root").asText()).startsWith("0x").isNotEqualTo(day.path("recorded_root").asText());
      csvRows += (int) changed;
    }
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).startsWith("day,contributor_id,fields,");
    assertThat(lines).hasSize(csvRows + 1);
  }

  /**
   * The DESIGN.md apportionment written out plainly: pool A gets floor(E·a/100), D floor(E·d/100), BC
   * the rest; a pool without members pays nothing (carry); inside a pool floor(P·dpp/Σ) each, then one
   * unit each to the largest remainders, ties by ascending contributor id. Fills {@code recorded}.
   */
  private static Map<String, BigInteger> expectedAmounts(List<Row> rows, BigInteger emittable, int a, int d,
      Map<String, BigInteger> recorded) {
    BigInteger hundred = BigInteger.valueOf(100);
    BigInteger budgetA = emittable.multiply(BigInteger.valueOf(a)).divide(hundred);
    BigInteger budgetD = emittable.multiply(BigInteger.valueOf(d)).divide(hundred);
    Map<String, BigInteger> budgets = Map.of("A", budgetA, "D", budgetD,
        "BC", emittable.subtract(budgetA).subtract(budgetD));
    Map<String, BigInteger> out = new TreeMap<>();
    for (String pool : List.of("A", "BC", "D")) {
      List<Row> members = rows.stream().filter(r -> pool.contains(r.getString(1)))
          .sorted(Comparator.comparing(r -> r.getString(0))).toList();
      BigInteger total = members.stream().map(r -> BigInteger.valueOf(r.getLong(2))).reduce(BigInteger.ZERO,
          BigInteger::add);
      BigInteger budget = budgets.get(pool);
      List<BigInteger[]> shares = new ArrayList<>();
      BigInteger paid = BigInteger.ZERO;
      for (Row m : members) {
        BigInteger[] qr = budget.multiply(BigInteger.valueOf(m.getLong(2))).divideAndRemainder(total);
        shares.add(qr);
        paid = paid.add(qr[0]);
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        order.add(i);
      }
      order.sort((x, y) -> shares.get(y)[1].compareTo(shares.get(x)[1]) != 0
          ? shares.get(y)[1].compareTo(shares.get(x)[1]) : Integer.compare(x, y));
      long leftover = members.isEmpty() ? 0 : budget.subtract(paid).longValueExact();
      for (int k = 0; k < leftover; k++) {
        shares.get(order.get(k))[0] = shares.get(order.get(k))[0].add(BigInteger.ONE);
      }
      for (int i = 0; i < members.size(); i++) {
        out.put(members.get(i).getString(0), shares.get(i)[0]);
        recorded.put(members.get(i).getString(0), members.get(i).getDecimal(3).toBigIntegerExact());
      }
    }
    return out;
  }

  /** The root the day's confirmed postRoot transaction carried: the second argument of its calldata. */
  private static String postedRoot(SparkSession spark, LocalDate day) {
    List<Row> txs = spark.sql("SELECT DISTINCT raw_tx FROM settlement.chain_receipts WHERE day = DATE '" + day
        + "' AND action = 'postRoot' AND status = 'CONFIRMED'").collectAsList();
    assertThat(txs).hasSize(1);
    RawTransaction tx = TransactionDecoder.decode(txs.get(0).getString(0));
    String data = tx.getData().startsWith("0x") ? tx.getData().substring(2) : tx.getData();
    // 4-byte selector, then uint64 day and bytes32 root as 32-byte words.
    return "0x" + data.substring(8 + 64, 8 + 128);
  }
}
