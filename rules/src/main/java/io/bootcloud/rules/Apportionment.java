package io.bootcloud.rules;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Largest-remainder apportionment of a pool's budget {@code P} (DESIGN.md "Apportionment"):
 * member {@code i} gets {@code floor(P·w_i / Σw)}, and the {@code P − Σ floor} leftover units go
 * one each to the largest remainders {@code P·w_i mod Σw}, ties broken by ascending member id
 * in Unicode code point order ({@link #ID_ORDER}: the order of the ids' UTF-8 bytes, which SQL
 * engines such as Spark and DuckDB sort strings by). Invariants: the amounts sum to exactly
 * {@code P}; each is within one unit of the exact pro-rata share; a larger weight never gets less.
 *
 * <p>{@link #share} is one member's floor and remainder, the whole rule but the top-k step, so a
 * distributed computation of a large pool applies the same arithmetic row by row.
 */
public final class Apportionment {

  /** One member of a pool: its id and its weight (DPP, > 0). */
  public record Member(String id, long weight) {
    public Member {
      if (weight <= 0) {
        throw new IllegalArgumentException("member " + id + " has weight " + weight + " but must be > 0");
      }
    }
  }

  /** A member's amount, with the floor and remainder that explain it. */
  public record Allocation(String id, long weight, BigInteger amount, boolean gotLeftoverUnit) {}

  /**
   * Ascending member id by Unicode code point, the tie-break of equal remainders. Equals
   * {@link String#compareTo} except where a character outside the Basic Multilingual Plane meets
   * one in U+E000–U+FFFF (UTF-16 order puts the surrogate pair first, code point order last).
   */
  public static final Comparator<String> ID_ORDER = Apportionment::compareCodePoints;

  private Apportionment() {}

  /**
   * One member's {@code [floor(P·w / Σw), P·w mod Σw]} in pool {@code budget} = P whose weights
   * sum to {@code total} = Σw (> 0).
   */
  public static BigInteger[] share(BigInteger budget, long weight, BigInteger total) {
    return budget.multiply(BigInteger.valueOf(weight)).divideAndRemainder(total);
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Apportions {@code budget} over {@code members}; the result is in the members' order. */
  public static List<Allocation> apportion(BigInteger budget, List<Member> members) {
    if (budget.signum() < 0) {
      throw new IllegalArgumentException("pool budget must be >= 0, got " + budget);
    }
    if (members.isEmpty()) {
      if (budget.signum() != 0) {
        throw new IllegalArgumentException("a pool with no member cannot pay out " + budget);
      }
      return List.of();
    }
    BigInteger total = BigInteger.ZERO;
    for (Member m : members) {
      total = total.add(BigInteger.valueOf(m.weight()));
    }
    int count = members.size();
    BigInteger[] floors = new BigInteger[count];
    BigInteger[] remainders = new BigInteger[count];
    BigInteger distributed = BigInteger.ZERO;
    for (int i = 0; i < count; i++) {
      BigInteger[] qr = share(budget, members.get(i).weight(), total);
      floors[i] = qr[0];
      remainders[i] = qr[1];
      distributed = distributed.add(qr[0]);
    }
    int leftover = budget.subtract(distributed).intValueExact(); // < count, since each remainder < total
    List<Integer> order = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed()
        .thenComparing(i -> members.get(i).id(), ID_ORDER));
    boolean[] extra = new boolean[count];
    for (int k = 0; k < leftover; k++) {
      extra[order.get(k)] = true;
    }
    List<Allocation> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Member m = members.get(i);
      out.add(new Allocation(m.id(), m.weight(), extra[i] ? floors[i].add(BigInteger.ONE) : floors[i], extra[i]));
    }
    return out;
  }
}
