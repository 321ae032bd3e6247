package io.bootcloud.rules;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Largest-remainder apportionment of a pool's budget {@code P} (DESIGN.md "Apportionment"):
 * member {@code i} gets {@code floor(P·w_i / Σw)}, and the {@code P − Σ floor} leftover units go
 * one each to the largest remainders {@code P·w_i mod Σw}, ties broken by ascending member id
 * ({@link String#compareTo}). Invariants: the amounts sum to exactly {@code P}; each is within
 * one unit of the exact pro-rata share; a larger weight never gets less.
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

  private Apportionment() {}

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
      BigInteger[] qr = budget.multiply(BigInteger.valueOf(members.get(i).weight())).divideAndRemainder(total);
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
        .thenComparing(i -> members.get(i).id()));
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
