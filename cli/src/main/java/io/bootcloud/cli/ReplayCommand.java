package io.bootcloud.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootcloud.cli.replay.DayComparison;
import io.bootcloud.cli.replay.Replay;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.config.RulesetLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud replay}: recompute past days from their recorded input versions and report the differences. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Recompute past days' DPP, rewards and payout root from the Delta versions their runs recorded, "
        + "without writing to any table, and compare with what was recorded; with another --config it is a what-if "
        + "report. Exit 0 when every day is identical, " + ReplayCommand.EXIT_DIFFERENT + " when any day differs.")
final class ReplayCommand implements Callable<Integer> {

  /** Exit code when the replay ran and found differences (as diff(1) exits 1, kept apart from errors). */
  static final int EXIT_DIFFERENT = 3;

  /** Differences printed per day in the text form; --csv and --json hold all of them. */
  static final int SHOWN_PER_DAY = 20;

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions days;

  @Option(names = "--json", description = "Machine-readable output (amounts as base-unit strings).")
  boolean json;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write every difference to FILE as CSV.")
  Path csv;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<LocalDate> range = days.days();
    RulesetHistory rulesets = DayOptions.refuseBeforeLaunch(RulesetLoader.history(days.config),
        days.date != null ? "--date" : "--from", range.get(0));
    SparkSession spark = DayJobs.open(global, "replay");
    PrintWriter out = spec.commandLine().getOut();
    List<DayComparison.Day> result = new Replay(spark, rulesets).days(range, d -> {
      if (!json) {
        print(out, d);
        out.flush();
      }
    });
    long differing = result.stream().filter(d -> !d.identical()).count();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(result)));
    } else {
      out.printf("replayed %d day%s under %s: %d identical, %d with differences%n", result.size(),
          result.size() == 1 ? "" : "s", rulesets.isForced() ? "ruleset " + rulesets.first().rulesetVersion()
              + " (forced)" : "the ruleset version in force on each day", result.size() - differing, differing);
    }
    if (csv != null) {
      writeCsv(csv, result);
      if (!json) {
        out.println("differences written to " + csv);
      }
    }
    out.flush();
    return differing == 0 ? 0 : EXIT_DIFFERENT;
  }

  private static void print(PrintWriter out, DayComparison.Day d) {
    String rules = d.recordedRuleset().equals(d.replayedRuleset()) ? "ruleset " + d.recordedRuleset()
        : "recorded under " + d.recordedRuleset() + ", replayed under " + d.replayedRuleset();
    out.printf("replay %s (%s; dpp run %s, rewards run %s): %s%n", d.day(), rules, d.dppRun(), d.rewardsRun(),
        d.identical() ? "identical" : "DIFFERENT");
    out.printf("  contributors %d, differing %d; emitted %s%s%n", d.contributors(), d.differences().size(),
        d.recordedEmitted(), d.recordedEmitted().equals(d.replayedEmitted()) ? "" : " -> " + d.replayedEmitted());
    if (d.recordedRoot() == null) {
      out.println("  root: not exported, nothing to compare");
    } else if (d.replayedRoot() == null) {
      out.printf("  root %s -> none: %s%n", d.recordedRoot(), d.rootNote());
    } else {
      out.printf("  root %s%s%n", d.recordedRoot(),
          d.recordedRoot().equals(d.replayedRoot()) ? " (recomputed: same)" : " -> " + d.replayedRoot());
    }
    d.differences().stream().limit(SHOWN_PER_DAY).forEach(x -> out.printf("  %s: %s%n", x.contributorId(),
        describe(x)));
    if (d.differences().size() > SHOWN_PER_DAY) {
      out.printf("  ... and %d more (--csv FILE or --json lists every one)%n",
          d.differences().size() - SHOWN_PER_DAY);
    }
  }

  private static String describe(DayComparison.Difference x) {
    StringBuilder s = new StringBuilder();
    for (String f : x.fields()) {
      if (s.length() > 0) {
        s.append("; ");
      }
      switch (f) {
        case "dpp" -> s.append("dpp ").append(x.recorded().dpp()).append(" -> ").append(x.replayed().dpp());
        case "dpp_reported" -> s.append("dpp_reported ").append(x.recorded().dppReported()).append(" -> ")
            .append(x.replayed().dppReported());
        case "class" -> s.append("class ").append(x.recorded().rewardClass()).append(" -> ")
            .append(x.replayed().rewardClass());
        case "wallet" -> s.append("wallet ").append(x.recorded().wallet()).append(" -> ").append(x.replayed().wallet());
        default -> s.append("amount ").append(x.recorded().amount()).append(" -> ").append(x.replayed().amount())
            .append(" (").append(x.amountDelta().signum() > 0 ? "+" : "").append(x.amountDelta()).append(')');
      }
    }
    return s.toString();
  }

  static ArrayNode toJson(List<DayComparison.Day> days) {
    ObjectMapper m = new ObjectMapper();
    ArrayNode out = m.createArrayNode();
    for (DayComparison.Day d : days) {
      ObjectNode n = out.addObject();
      n.put("day", d.day().toString());
      n.put("identical", d.identical());
      n.put("recorded_ruleset", d.recordedRuleset());
      n.put("replayed_ruleset", d.replayedRuleset());
      n.put("dpp_run", d.dppRun());
      n.put("rewards_run", d.rewardsRun());
      ObjectNode versions = n.putObject("input_versions");
      d.inputVersions().forEach(versions::put);
      n.put("contributors", d.contributors());
      n.put("recorded_emitted", d.recordedEmitted().toString());
      n.put("replayed_emitted", d.replayedEmitted().toString());
      n.put("recorded_root", d.recordedRoot());
      n.put("replayed_root", d.replayedRoot());
      n.put("root_note", d.rootNote());
      n.put("net_amount_delta", d.netAmountDelta().toString());
      ArrayNode diffs = n.putArray("differences");
      for (DayComparison.Difference x : d.differences()) {
        ObjectNode o = diffs.addObject();
        o.put("contributor_id", x.contributorId());
        ArrayNode fields = o.putArray("fields");
        x.fields().forEach(fields::add);
        side(o.putObject("recorded"), x.recorded());
        side(o.putObject("replayed"), x.replayed());
        o.put("amount_delta", x.amountDelta().toString());
      }
    }
    return out;
  }

  private static void side(ObjectNode o, DayComparison.Outcome s) {
    o.put("dpp", s.dpp());
    o.put("dpp_reported", s.dppReported());
    o.put("class", s.rewardClass());
    o.put("wallet", s.wallet());
    o.put("amount", s.amount() == null ? null : s.amount().toString());
  }

  /** One CSV row per difference, written to a temporary name and renamed, so a reader never sees half a file. */
  static void writeCsv(Path file, List<DayComparison.Day> days) throws IOException {
    StringBuilder s = new StringBuilder("day,contributor_id,fields,recorded_dpp,replayed_dpp,recorded_dpp_reported,"
        + "replayed_dpp_reported,recorded_class,replayed_class,recorded_wallet,replayed_wallet,recorded_amount,"
        + "replayed_amount,amount_delta\n");
    for (DayComparison.Day d : days) {
      for (DayComparison.Difference x : d.differences()) {
        s.append(d.day()).append(',').append(csvField(x.contributorId())).append(',')
            .append(String.join(" ", x.fields())).append(',')
            .append(text(x.recorded().dpp())).append(',').append(text(x.replayed().dpp())).append(',')
            .append(text(x.recorded().dppReported())).append(',').append(text(x.replayed().dppReported())).append(',')
            .append(text(x.recorded().rewardClass())).append(',').append(text(x.replayed().rewardClass())).append(',')
            .append(text(x.recorded().wallet())).append(',').append(text(x.replayed().wallet())).append(',')
            .append(text(x.recorded().amount())).append(',').append(text(x.replayed().amount())).append(',')
            .append(x.amountDelta()).append('\n');
      }
    }
    Path absolute = file.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
    Files.writeString(temp, s.toString(), StandardCharsets.UTF_8);
    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String text(Object o) {
    return o == null ? "" : o instanceof BigInteger b ? b.toString() : csvField(o.toString());
  }

  /** A CSV field, quoted when it holds a comma, a quote or a line break. */
  static String csvField(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
