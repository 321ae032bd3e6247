package io.bootcloud.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DayComparisonTest {

  private static final String W1 = "0x1111111111111111111111111111111111111111";
  private static final String W2 = "0x2222222222222222222222222222222222222222";

  private static DayComparison.Outcome paid(long dpp, String cls, String wallet, long amount) {
    return new DayComparison.Outcome(dpp, dpp, cls, wallet, BigInteger.valueOf(amount));
  }

  @Test
  void identicalSidesHaveNoDifference() {
    Map<String, DayComparison.Outcome> side = Map.of("c1", paid(10, "B", W1, 7), "c2", paid(3, "C", W2, 2));
    assertThat(DayComparison.differences(side, Map.copyOf(side))).isEmpty();
  }

  @Test
  void namesEveryFieldThatDiffersAndTheAmountDelta() {
    List<DayComparison.Difference> d = DayComparison.differences(Map.of("c1", paid(10, "B", W1, 7)),
        Map.of("c1", paid(12, "A", W2, 9)));
    assertThat(d).singleElement().satisfies(x -> {
      assertThat(x.fields()).containsExactly("dpp", "dpp_reported", "class", "wallet", "amount");
      assertThat(x.amountDelta()).isEqualTo(BigInteger.TWO);
    });
  }

  @Test
  void aContributorOnOneSideOnlyDiffersWithAnAbsentAmountCountedAsZero() {
    List<DayComparison.Difference> d = DayComparison.differences(Map.of("c1", paid(10, "B", W1, 7)), Map.of());
    assertThat(d).singleElement().satisfies(x -> {
      assertThat(x.replayed().amount()).isNull();
      assertThat(x.amountDelta()).isEqualTo(BigInteger.valueOf(-7));
    });
  }

  @Test
  void aContributorWithoutRewardOnBothSidesIsNoDifference() {
    DayComparison.Outcome reportedOnly = new DayComparison.Outcome(0L, 5L, null, null, null);
    assertThat(DayComparison.differences(Map.of("c1", reportedOnly), Map.of("c1", reportedOnly))).isEmpty();
  }

  @Test
  void differencesComeInAscendingContributorOrder() {
    List<DayComparison.Difference> d = DayComparison.differences(
        Map.of("c2", paid(1, "C", W1, 1), "c10", paid(1, "C", W1, 1)),
        Map.of("c2", paid(1, "C", W1, 2), "c10", paid(1, "C", W1, 2), "c1", paid(1, "C", W1, 0)));
    assertThat(d).extracting(DayComparison.Difference::contributorId).containsExactly("c1", "c10", "c2");
  }

  @Test
  void outcomesJoinDppRowsAndRewardRows() {
    Map<String, DayComparison.Outcome> o = DayComparison.outcomes(Map.of("c1", new long[] {4, 6}, "c2",
        new long[] {0, 9}), Map.of("c1", new DayComparison.Outcome(null, null, "B", W1, BigInteger.TEN)));
    assertThat(o.get("c1")).isEqualTo(new DayComparison.Outcome(4L, 6L, "B", W1, BigInteger.TEN));
    assertThat(o.get("c2")).isEqualTo(new DayComparison.Outcome(0L, 9L, null, null, null));
  }

  @Test
  void aDayIsIdenticalOnlyWithTheSameEmissionRootAndNoDifference() {
    DayComparison.Day same = day(List.of(), BigInteger.TEN, BigInteger.TEN, "0xaa", "0xaa", "");
    assertThat(same.identical()).isTrue();
    assertThat(day(List.of(), BigInteger.TEN, BigInteger.ONE, "0xaa", "0xaa", "").identical()).isFalse();
    assertThat(day(List.of(), BigInteger.TEN, BigInteger.TEN, "0xaa", "0xbb", "").identical()).isFalse();
    assertThat(day(List.of(), BigInteger.TEN, BigInteger.TEN, "0xaa", null, "no batch").identical()).isFalse();
    assertThat(day(List.of(), BigInteger.TEN, BigInteger.TEN, null, null, "").identical()).isTrue();
    List<DayComparison.Difference> one = DayComparison.differences(Map.of("c1", paid(1, "C", W1, 3)),
        Map.of("c1", paid(1, "C", W1, 5)));
    DayComparison.Day different = day(one, BigInteger.TEN, BigInteger.TEN, "0xaa", "0xaa", "");
    assertThat(different.identical()).isFalse();
    assertThat(different.netAmountDelta()).isEqualTo(BigInteger.TWO);
  }

  private static DayComparison.Day day(List<DayComparison.Difference> diffs, BigInteger recordedEmitted,
      BigInteger replayedEmitted, String recordedRoot, String replayedRoot, String note) {
    return new DayComparison.Day(LocalDate.of(2026, 1, 1), "2026.1", "2026.1", "r", "d", Map.of(), 2, diffs,
        recordedEmitted, replayedEmitted, recordedRoot, replayedRoot, note);
  }
}
