package io.bootcloud.rules;

import io.bootcloud.rules.config.ReviewThresholds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The anomaly rules of {@code bootcloud review}, in exact integers: a batch is flagged when its
 * total or recipient count moved more than the ruleset allows against the day before or the
 * trailing 7 exported days, when one wallet takes too large a share, or when too many wallets
 * are new. Flags inform treasury; they change nothing.
 */
public final class BatchReview {

  /** What an exported day paid: its total and how many wallets. */
  public record DayFigures(LocalDate day, BigInteger total, long recipients) {}

  /** One reason to look closer: a stable code and a sentence. */
  public record Flag(String code, String detail) {}

  /** A change against a reference, in percent (2 decimals), or {@code null} percent when the reference is 0. */
  public record Change(BigDecimal reference, BigDecimal value, BigDecimal percent) {}

  private BatchReview() {}

  /** (value - reference) / reference in percent, half-up to 2 decimals; percent null when reference is 0. */
  public static Change change(BigDecimal value, BigDecimal reference) {
    if (reference.signum() == 0) {
      return new Change(reference, value, null);
    }
    BigDecimal pct = value.subtract(reference).multiply(BigDecimal.valueOf(100))
        .divide(reference, 2, RoundingMode.HALF_UP);
    return new Change(reference, value, pct);
  }

  /** Mean of the trailing days' totals (exact quotient to 2 decimals), for display. */
  public static BigDecimal meanTotal(List<DayFigures> trailing) {
    return trailing.isEmpty() ? BigDecimal.ZERO : new BigDecimal(trailing.stream().map(DayFigures::total)
        .reduce(BigInteger.ZERO, BigInteger::add)).divide(BigDecimal.valueOf(trailing.size()), 2, RoundingMode.HALF_UP);
  }

  public static BigDecimal meanRecipients(List<DayFigures> trailing) {
    return trailing.isEmpty() ? BigDecimal.ZERO : BigDecimal.valueOf(trailing.stream()
        .mapToLong(DayFigures::recipients).sum()).divide(BigDecimal.valueOf(trailing.size()), 2, RoundingMode.HALF_UP);
  }

  /**
   * Every flag for {@code today}.
   *
   * @param previous the day before's figures, or null when that day has no batch
   * @param trailing up to 7 exported days before today (any order)
   * @param topAmount the largest single amount of the day
   * @param newWallets recipients never paid before today
   * @param firstBatch whether today is the first exported day (every wallet is new then)
   */
  public static List<Flag> flags(ReviewThresholds t, DayFigures today, DayFigures previous, List<DayFigures> trailing,
      BigInteger topAmount, long newWallets, boolean firstBatch) {
    List<Flag> out = new ArrayList<>();
    if (previous != null) {
      if (exceeds(today.total(), previous.total(), t.maxDayOverDayPercent())) {
        out.add(new Flag("TOTAL_DAY_OVER_DAY", "the day's total changed by "
            + pct(change(new BigDecimal(today.total()), new BigDecimal(previous.total()))) + " vs " + previous.day()
            + " (limit " + t.maxDayOverDayPercent() + "%)"));
      }
      if (exceeds(BigInteger.valueOf(today.recipients()), BigInteger.valueOf(previous.recipients()),
          t.maxDayOverDayPercent())) {
        out.add(new Flag("RECIPIENTS_DAY_OVER_DAY", "recipients changed by " + pct(change(
            BigDecimal.valueOf(today.recipients()), BigDecimal.valueOf(previous.recipients()))) + " vs "
            + previous.day() + " (limit " + t.maxDayOverDayPercent() + "%)"));
      }
    }
    if (!trailing.isEmpty()) {
      BigInteger n = BigInteger.valueOf(trailing.size());
      BigInteger sumTotal = trailing.stream().map(DayFigures::total).reduce(BigInteger.ZERO, BigInteger::add);
      BigInteger sumRecipients = BigInteger.valueOf(trailing.stream().mapToLong(DayFigures::recipients).sum());
      // |today - sum/n| / (sum/n) > t%  <=>  |today*n - sum| * 100 > t * sum
      if (exceeds(today.total().multiply(n), sumTotal, t.maxTrailingPercent())) {
        out.add(new Flag("TOTAL_VS_TRAILING_7", "the day's total differs by "
            + pct(change(new BigDecimal(today.total()), meanTotal(trailing))) + " from the mean of the last "
            + trailing.size() + " exported day(s) (limit " + t.maxTrailingPercent() + "%)"));
      }
      if (exceeds(BigInteger.valueOf(today.recipients()).multiply(n), sumRecipients,
          t.maxTrailingPercent())) {
        out.add(new Flag("RECIPIENTS_VS_TRAILING_7", "recipients differ by "
            + pct(change(BigDecimal.valueOf(today.recipients()), meanRecipients(trailing)))
            + " from the mean of the last " + trailing.size() + " exported day(s) (limit " + t.maxTrailingPercent()
            + "%)"));
      }
    }
    if (today.total().signum() > 0 && topAmount.multiply(BigInteger.valueOf(100))
        .compareTo(today.total().multiply(BigInteger.valueOf(t.maxTopRecipientPercent()))) > 0) {
      out.add(new Flag("TOP_RECIPIENT_SHARE", "one wallet receives " + pct(share(topAmount, today.total()))
          + " of the day's total (limit " + t.maxTopRecipientPercent() + "%)"));
    }
    if (!firstBatch && today.recipients() > 0 && BigInteger.valueOf(newWallets).multiply(BigInteger.valueOf(100))
        .compareTo(BigInteger.valueOf(today.recipients()).multiply(BigInteger.valueOf(t.maxNewWalletPercent()))) > 0) {
      out.add(new Flag("NEW_WALLETS", newWallets + " of " + today.recipients() + " recipients ("
          + pct(share(BigInteger.valueOf(newWallets), BigInteger.valueOf(today.recipients())))
          + ") were never paid before (limit " + t.maxNewWalletPercent() + "%)"));
    }
    return out;
  }

  /** part / whole in percent, half-up to 2 decimals. */
  public static BigDecimal share(BigInteger part, BigInteger whole) {
    return whole.signum() == 0 ? BigDecimal.ZERO : new BigDecimal(part).multiply(BigDecimal.valueOf(100))
        .divide(new BigDecimal(whole), 2, RoundingMode.HALF_UP);
  }

  /** |value - reference| * 100 > limit * reference (a zero reference: any non-zero value exceeds). */
  private static boolean exceeds(BigInteger value, BigInteger reference, int limitPercent) {
    BigInteger diff = value.subtract(reference).abs().multiply(BigInteger.valueOf(100));
    return diff.compareTo(reference.multiply(BigInteger.valueOf(limitPercent))) > 0;
  }

  private static String pct(Change c) {
    return c.percent() == null ? "n/a (reference 0)" : (c.percent().signum() > 0 ? "+" : "") + c.percent() + "%";
  }

  private static String pct(BigDecimal p) {
    return p.toPlainString() + "%";
  }
}
