package io.bootcloud.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.rules.BatchReview;
import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.Units;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.settlement.batch.ReviewJob;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud review}: what treasury needs to decide on a day's payout batch. */
@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show treasury what a day's payout batch contains and whether it checks out: totals vs schedule, "
        + "classes and pools, top recipients, new wallets, day-over-day and trailing-7-day changes with anomaly "
        + "flags, integrity checks and approvals so far. Exit 1 when an integrity check fails.")
final class ReviewCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions day;
  @Mixin ChainOptions.Exports exports;
  @Mixin OperationsOption operations;

  @Option(names = "--json", description = "Machine-readable output (amounts as base-unit strings).")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RulesetHistory rulesets = day.rulesets();
    Operations ops = operations.load();
    SparkSession spark = DayJobs.open(global, "review");
    PrintWriter w = spec.commandLine().getOut();
    Path folder = exports.resolve(global);
    List<ReviewJob.Report> reports = new ArrayList<>();
    day.forEachDay("review", d -> {
      ReviewJob.Report r = new ReviewJob(spark, rulesets.forDay(d), ops, folder).review(d);
      reports.add(r);
      if (!json) {
        if (reports.size() > 1) {
          w.printf("%n");
        }
        print(w, r);
        w.flush();
      }
    });
    if (json) {
      // One day: its object; a range: an array of them, in order.
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      if (reports.size() == 1) {
        w.println(m.writeValueAsString(toJson(reports.get(0))));
      } else {
        ArrayNode all = m.createArrayNode();
        reports.forEach(r -> all.add(toJson(r)));
        w.println(m.writeValueAsString(all));
      }
    }
    w.flush();
    return reports.stream().allMatch(ReviewJob.Report::checksPassed) ? 0 : io.bootcloud.core.UserException.EXIT_FAILED;
  }

  private static String pct(BatchReview.Change c) {
    if (c == null) {
      return "n/a (no earlier batch)";
    }
    return c.percent() == null ? "n/a (reference 0)" : (c.percent().signum() > 0 ? "+" : "") + c.percent() + "%";
  }

  private static void print(PrintWriter w, ReviewJob.Report r) {
    w.printf("Payout batch %s%n", r.day());
    w.printf("  root %s%n  manifest %s, exporter %s%n", r.merkleRoot(), r.manifestHash(), r.exporter());
    w.printf("%nTotals%n");
    w.printf("  scheduled (year's daily E)  %s%n", Units.format(r.scheduled()));
    w.printf("  emittable today (cap)       %s%n", Units.format(r.emittable()));
    w.printf("  emitted / not emitted       %s / %s%n", Units.format(r.emitted()), Units.format(r.notEmitted()));
    w.printf("  batch total                 %s to %d wallets%n", Units.format(r.batchTotal()), r.recipients());
    w.printf("  cumulative since launch     %s (cap remaining %s)%n", Units.format(r.cumulativeEmitted()),
        Units.format(r.capRemaining()));
    w.printf("%nClasses and pools%n");
    for (String c : new String[] {"A", "B", "C", "D"}) {
      w.printf("  class %s  %6d contributors  %s%n", c, r.countsByClass().getOrDefault(c, 0L),
          Units.format(r.totalsByClass().getOrDefault(c, BigInteger.ZERO)));
    }
    r.poolBudgets().forEach((p, b) -> w.printf("  pool %-3s budget %s%n", p, Units.format(b)));
    w.printf("%nTop %d recipients%n", r.top().size());
    for (ReviewJob.Recipient t : r.top()) {
      w.printf("  %s  %s  %6s%%%s%n", t.wallet(), Units.format(t.amount()), BatchReview.share(t.amount(), r.batchTotal()),
          t.isNew() ? "  new" : "");
    }
    w.printf("  new wallets: %d of %d%n", r.newWallets(), r.recipients());
    w.printf("%nChanges%n");
    w.printf("  total vs day before         %s%n", pct(r.totalDayOverDay()));
    w.printf("  recipients vs day before    %s%n", pct(r.recipientsDayOverDay()));
    w.printf("  total vs trailing %d days    %s%n", r.trailing().size(), pct(r.totalVsTrailing()));
    w.printf("  recipients vs trailing      %s%n", pct(r.recipientsVsTrailing()));
    w.printf("%nIntegrity%n");
    for (DayInvariants.Check c : r.checks()) {
      w.printf("  %-4s %-24s %s%s%n", c.passed() ? "ok" : "FAIL", c.name(), c.detail(),
          c.expected().isEmpty() ? "" : " (expected " + c.expected() + ", found " + c.actual() + ")");
    }
    w.printf("%nApprovals: %d of %d needed%s%n", r.approvers().size(), r.approvalsNeeded(),
        r.approvers().isEmpty() ? "" : " (" + String.join(", ", r.approvers()) + ")");
    w.printf("%nFlags: %s%n", r.flags().isEmpty() ? "none" : "");
    for (BatchReview.Flag f : r.flags()) {
      w.printf("  %-24s %s%n", f.code(), f.detail());
    }
  }

  static ObjectNode toJson(ReviewJob.Report r) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("day", r.day().toString());
    o.put("merkle_root", r.merkleRoot());
    o.put("manifest_hash", r.manifestHash());
    o.put("exporter", r.exporter());
    ObjectNode totals = o.putObject("totals");
    totals.put("scheduled", r.scheduled().toString());
    totals.put("emittable", r.emittable().toString());
    totals.put("emitted", r.emitted().toString());
    totals.put("not_emitted", r.notEmitted().toString());
    totals.put("batch_total", r.batchTotal().toString());
    totals.put("batch_cumulative", r.batchCumulative().toString());
    totals.put("cumulative_emitted", r.cumulativeEmitted().toString());
    totals.put("cap_remaining", r.capRemaining().toString());
    o.put("recipients", r.recipients());
    ObjectNode classes = o.putObject("classes");
    for (String c : new String[] {"A", "B", "C", "D"}) {
      ObjectNode k = classes.putObject(c);
      k.put("contributors", r.countsByClass().getOrDefault(c, 0L));
      k.put("amount", r.totalsByClass().getOrDefault(c, BigInteger.ZERO).toString());
    }
    ObjectNode pools = o.putObject("pool_budgets");
    r.poolBudgets().forEach((p, b) -> pools.put(p, b.toString()));
    ArrayNode top = o.putArray("top_recipients");
    for (ReviewJob.Recipient t : r.top()) {
      ObjectNode x = top.addObject();
      x.put("wallet", t.wallet());
      x.put("amount", t.amount().toString());
      x.put("cumulative_amount", t.cumulativeAmount().toString());
      x.put("share_percent", BatchReview.share(t.amount(), r.batchTotal()).toPlainString());
      x.put("new", t.isNew());
    }
    o.put("new_wallets", r.newWallets());
    ObjectNode changes = o.putObject("changes");
    change(changes, "total_day_over_day", r.totalDayOverDay());
    change(changes, "recipients_day_over_day", r.recipientsDayOverDay());
    change(changes, "total_vs_trailing_7", r.totalVsTrailing());
    change(changes, "recipients_vs_trailing_7", r.recipientsVsTrailing());
    changes.put("trailing_days", r.trailing().size());
    ArrayNode checks = o.putArray("checks");
    for (DayInvariants.Check c : r.checks()) {
      ObjectNode check = checks.addObject().put("name", c.name()).put("passed", c.passed()).put("detail", c.detail());
      if (!c.expected().isEmpty()) {
        check.put("expected", c.expected()).put("actual", c.actual());
      }
    }
    o.put("checks_passed", r.checksPassed());
    ObjectNode approvals = o.putObject("approvals");
    approvals.put("needed", r.approvalsNeeded());
    ArrayNode signers = approvals.putArray("signers");
    r.approvers().forEach(signers::add);
    ArrayNode flags = o.putArray("flags");
    for (BatchReview.Flag f : r.flags()) {
      flags.addObject().put("code", f.code()).put("detail", f.detail());
    }
    return o;
  }

  private static void change(ObjectNode parent, String name, BatchReview.Change c) {
    if (c == null) {
      parent.putNull(name);
      return;
    }
    ObjectNode x = parent.putObject(name);
    x.put("reference", c.reference().toPlainString());
    x.put("value", c.value().toPlainString());
    if (c.percent() == null) {
      x.putNull("percent");
    } else {
      x.put("percent", c.percent().toPlainString());
    }
  }
}
