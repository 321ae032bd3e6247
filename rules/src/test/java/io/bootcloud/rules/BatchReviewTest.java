package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.BatchReview.DayFigures;
import io.bootcloud.rules.BatchReview.Flag;
import io.bootcloud.rules.config.ReviewThresholds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReviewTest {

  private static final ReviewThresholds LIMITS = new ReviewThresholds(25, 25, 5, 20, 10);
  private static final LocalDate D = LocalDate.of(2026, 3, 10);

  private static DayFigures day(int back, long total, long recipients) {
    return new DayFigures(D.minusDays(back), BigInteger.valueOf(total), recipients);
  }

  private static List<String> codes(List<Flag> flags) {
    return flags.stream().map(Flag::code).toList();
  }

  @Test
  void exactlyOnTheLimitIsNotFlaggedOneUnitBeyondIs() {
    // 1000 -> 1250 is +25% exactly: not above 25%. 1251 is +25.1%.
    assertThat(BatchReview.flags(LIMITS, day(0, 1250, 100), day(1, 1000, 100), List.of(), BigInteger.TEN, 0, false))
        .isEmpty();
    assertThat(codes(BatchReview.flags(LIMITS, day(0, 1251, 100), day(1, 1000, 100), List.of(), BigInteger.TEN, 0,
        false))).containsExactly("TOTAL_DAY_OVER_DAY");
    // 1000 -> 749 is -25.1%: flagged too (a drop counts like a rise).
    assertThat(codes(BatchReview.flags(LIMITS, day(0, 749, 100), day(1, 1000, 100), List.of(), BigInteger.TEN, 0,
        false))).containsExactly("TOTAL_DAY_OVER_DAY");
    // Recipients 100 -> 126: +26%.
    List<Flag> f = BatchReview.flags(LIMITS, day(0, 1000, 126), day(1, 1000, 100), List.of(), BigInteger.TEN, 0, false);
    assertThat(codes(f)).containsExactly("RECIPIENTS_DAY_OVER_DAY");
    assertThat(f.get(0).detail()).contains("+26.00%").contains(D.minusDays(1).toString());
  }

  @Test
  void trailingMeanIsComparedExactly() {
    // Trailing totals 900, 1000, 1100 and 1000: mean 1000. Today 1250: +25% (not flagged); 1251 flagged.
    List<DayFigures> trailing = List.of(day(1, 1000, 10), day(2, 1100, 10), day(3, 1000, 10), day(4, 900, 10));
    assertThat(BatchReview.flags(LIMITS, day(0, 1250, 10), null, trailing, BigInteger.ONE, 0, false)).isEmpty();
    assertThat(codes(BatchReview.flags(LIMITS, day(0, 1251, 10), null, trailing, BigInteger.ONE, 0, false)))
        .containsExactly("TOTAL_VS_TRAILING_7");
    // Recipients 10, 10, 10, 11: mean 10.25; 12.82 would be +25.07%: 13 is flagged, 12 (+17.07%) is not.
    List<DayFigures> r = List.of(day(1, 1000, 10), day(2, 1000, 10), day(3, 1000, 10), day(4, 1000, 11));
    assertThat(BatchReview.flags(LIMITS, day(0, 1000, 12), null, r, BigInteger.ONE, 0, false)).isEmpty();
    List<Flag> f = BatchReview.flags(LIMITS, day(0, 1000, 13), null, r, BigInteger.ONE, 0, false);
    assertThat(codes(f)).containsExactly("RECIPIENTS_VS_TRAILING_7");
    // (13 - 10.25) / 10.25 = 26.829...% -> 26.83%
    assertThat(f.get(0).detail()).contains("+26.83%").contains("last 4 exported day(s)");
  }

  @Test
  void topRecipientAndNewWallets() {
    // 50 of 1000 is 5%: on the limit. 51 is 5.1%.
    assertThat(BatchReview.flags(LIMITS, day(0, 1000, 40), null, List.of(), BigInteger.valueOf(50), 8, false)).isEmpty();
    List<Flag> f = BatchReview.flags(LIMITS, day(0, 1000, 40), null, List.of(), BigInteger.valueOf(51), 9, false);
    // 9 new of 40 is 22.5% > 20%.
    assertThat(codes(f)).containsExactly("TOP_RECIPIENT_SHARE", "NEW_WALLETS");
    assertThat(f.get(0).detail()).contains("5.10%");
    assertThat(f.get(1).detail()).contains("9 of 40 recipients (22.50%)");
    // The first batch pays only new wallets: not an anomaly.
    assertThat(codes(BatchReview.flags(LIMITS, day(0, 1000, 40), null, List.of(), BigInteger.ONE, 40, true))).isEmpty();
  }

  @Test
  void changeAndShareRoundHalfUpToTwoDecimals() {
    assertThat(BatchReview.change(BigDecimal.valueOf(2), BigDecimal.valueOf(3)).percent())
        .isEqualByComparingTo("-33.33");
    assertThat(BatchReview.change(BigDecimal.ONE, BigDecimal.ZERO).percent()).isNull();
    assertThat(BatchReview.share(BigInteger.ONE, BigInteger.valueOf(8))).isEqualByComparingTo("12.50");
    assertThat(BatchReview.share(BigInteger.TWO, BigInteger.valueOf(3))).isEqualByComparingTo("66.67");
  }
}
