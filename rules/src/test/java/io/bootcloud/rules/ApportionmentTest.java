package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.Apportionment.Allocation;
import io.bootcloud.rules.Apportionment.Member;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ApportionmentTest {

  private static List<BigInteger> amounts(List<Allocation> a) {
    return a.stream().map(Allocation::amount).toList();
  }

  @Test
  void leftoverUnitsGoToLargestRemaindersThenSmallestId() {
    // P = 10 over weights 1,1,1: floors 3,3,3, one leftover unit, remainders all 1 → smallest id "a".
    List<Allocation> out = Apportionment.apportion(BigInteger.TEN,
        List.of(new Member("c", 1), new Member("a", 1), new Member("b", 1)));
    assertThat(amounts(out)).containsExactly(BigInteger.valueOf(3), BigInteger.valueOf(4), BigInteger.valueOf(3));
    // P = 10 over 2,3,5 (Σ 10): exact, no leftover.
    assertThat(amounts(Apportionment.apportion(BigInteger.TEN,
        List.of(new Member("x", 2), new Member("y", 3), new Member("z", 5)))))
        .containsExactly(BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(5));
    // P = 7 over 1,2 (Σ 3): exact shares 2.33…, 4.66…: floors 2,4, leftover 1 to the larger remainder (y).
    assertThat(amounts(Apportionment.apportion(BigInteger.valueOf(7),
        List.of(new Member("x", 1), new Member("y", 2)))))
        .containsExactly(BigInteger.TWO, BigInteger.valueOf(5));
  }

  /**
   * Equal remainders go by the ids' code points, the order SQL sorts strings in: U+FF41 (fullwidth
   * a) comes before U+1F600 (an emoji), although Java's UTF-16 {@code compareTo} puts the emoji's
   * surrogate pair (0xD83D…) first.
   */
  @Test
  void tiesGoByCodePointsAsInSql() {
    String fullwidth = "\uFF41";
    String emoji = new String(Character.toChars(0x1F600));
    assertThat(emoji.compareTo(fullwidth)).as("UTF-16 order").isNegative();
    assertThat(Apportionment.ID_ORDER.compare(fullwidth, emoji)).isNegative();
    assertThat(Apportionment.ID_ORDER.compare("ab", "a")).isPositive();
    assertThat(Apportionment.ID_ORDER.compare("a", "a")).isZero();
    // P = 1 over two equal weights: the one leftover unit goes to the fullwidth id, whichever is listed first.
    assertThat(amounts(Apportionment.apportion(BigInteger.ONE,
        List.of(new Member(emoji, 5), new Member(fullwidth, 5)))))
        .containsExactly(BigInteger.ZERO, BigInteger.ONE);
    // The UTF-8 bytes of the two ids order them the same way.
    byte[] a = fullwidth.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] b = emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(java.util.Arrays.compareUnsigned(a, b)).isNegative();
  }

  /** The id order is the order of the ids' UTF-8 bytes, for any valid strings. */
  @Property(tries = 3000)
  void idOrderIsUtf8ByteOrder(@ForAll("ids") String a, @ForAll("ids") String b) {
    int bytes = java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Integer.signum(Apportionment.ID_ORDER.compare(a, b))).isEqualTo(Integer.signum(bytes));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> ids() {
    // Code points from ASCII, the BMP's upper range and beyond it, never a lone surrogate.
    net.jqwik.api.Arbitrary<Integer> cp = net.jqwik.api.Arbitraries.oneOf(
        net.jqwik.api.Arbitraries.integers().between(0x21, 0x7E),
        net.jqwik.api.Arbitraries.integers().between(0xE000, 0xFFFD),
        net.jqwik.api.Arbitraries.integers().between(0x10000, 0x1F9FF));
    return cp.list().ofMaxSize(4).map(l -> {
      StringBuilder s = new StringBuilder();
      l.forEach(s::appendCodePoint);
      return s.toString();
    });
  }

  @Test
  void anEmptyPoolPaysNothing() {
    assertThat(Apportionment.apportion(BigInteger.ZERO, List.of())).isEmpty();
  }

  private static List<Member> members(List<Long> weights) {
    List<Member> m = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      m.add(new Member(String.format("c%05d", i), weights.get(i)));
    }
    return m;
  }

  @Property(tries = 2000)
  void sumsExactlyToTheBudgetWithinOneUnitOfProRata(
      @ForAll @Size(min = 1, max = 60) List<@LongRange(min = 1, max = 1_000_000_000_000L) Long> weights,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long budgetSeed) {
    BigInteger budget = BigInteger.valueOf(budgetSeed).multiply(BigInteger.valueOf(10_000));
    List<Member> m = members(weights);
    List<Allocation> out = Apportionment.apportion(budget, m);
    BigInteger total = weights.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < out.size(); i++) {
      BigInteger amount = out.get(i).amount();
      assertThat(amount.signum()).isGreaterThanOrEqualTo(0);
      // |amount·Σw − P·w| < Σw  ⇔  the amount is within one unit of the exact share
      BigInteger diff = amount.multiply(total).subtract(budget.multiply(BigInteger.valueOf(weights.get(i)))).abs();
      assertThat(diff).isLessThan(total);
      sum = sum.add(amount);
    }
    assertThat(sum).isEqualTo(budget);
  }

  @Property(tries = 2000)
  void moreDppNeverEarnsLess(
      @ForAll @Size(min = 2, max = 40) List<@LongRange(min = 1, max = 1000) Long> weights,
      @ForAll @LongRange(min = 0, max = 1_000_000) long budget) {
    List<Allocation> out = Apportionment.apportion(BigInteger.valueOf(budget), members(weights));
    for (int i = 0; i < out.size(); i++) {
      for (int j = 0; j < out.size(); j++) {
        if (weights.get(i) > weights.get(j)) {
          assertThat(out.get(i).amount()).isGreaterThanOrEqualTo(out.get(j).amount());
        }
      }
    }
  }
}
