package io.bootcloud.rules;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One day's rewards from the active contributors' DPP (DESIGN.md "Normative reward rules"):
 * population → class per contributor → pool budgets → largest-remainder amounts. Every
 * contributor with DPP > 0 gets exactly one class; every pool pays exactly its budget; paid
 * plus not emitted equals the emittable amount (invariants 1 and 3).
 */
public final class DayRewards {

  /** A contributor's DPP for the day (> 0). */
  public record Input(String contributorId, long dpp) {}

  /** A contributor's outcome, with the numbers that explain it. */
  public record Reward(String contributorId, long dpp, Double zScore, RewardClass rewardClass, Pool pool,
      BigInteger poolBudget, BigInteger poolDpp, BigInteger amount) {}

  /** The whole day: population, pool budgets, and one reward per contributor (ascending id). */
  public record Result(Population population, PoolBudgets budgets, Map<RewardClass, Long> classCounts,
      List<Reward> rewards) {}

  private DayRewards() {}

  public static Result compute(List<Input> inputs, BigInteger emittable, PoolShares shares,
      EmptyPoolPolicy policy) {
    List<Input> sorted = new ArrayList<>(inputs);
    sorted.sort(Comparator.comparing(Input::contributorId, Apportionment.ID_ORDER));
    Set<String> seen = new HashSet<>();
    long[] dpps = new long[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      Input in = sorted.get(i);
      if (!seen.add(in.contributorId())) {
        throw new IllegalArgumentException("contributor " + in.contributorId() + " appears twice in the day's DPP");
      }
      dpps[i] = in.dpp();
    }
    Population population = Population.of(dpps);

    Map<Pool, List<Apportionment.Member>> members = new EnumMap<>(Pool.class);
    Map<Pool, BigInteger> poolDpp = new EnumMap<>(Pool.class);
    Map<RewardClass, Long> counts = new EnumMap<>(RewardClass.class);
    for (RewardClass c : RewardClass.values()) {
      counts.put(c, 0L);
    }
    for (Pool p : Pool.values()) {
      members.put(p, new ArrayList<>());
      poolDpp.put(p, BigInteger.ZERO);
    }
    RewardClass[] classes = new RewardClass[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      Input in = sorted.get(i);
      RewardClass c = population.classify(in.dpp());
      classes[i] = c;
      counts.merge(c, 1L, Long::sum);
      members.get(c.pool()).add(new Apportionment.Member(in.contributorId(), in.dpp()));
      poolDpp.merge(c.pool(), BigInteger.valueOf(in.dpp()), BigInteger::add);
    }
    Set<Pool> nonEmpty = EnumSet.noneOf(Pool.class);
    members.forEach((p, list) -> {
      if (!list.isEmpty()) {
        nonEmpty.add(p);
      }
    });
    PoolBudgets budgets = PoolSplit.split(emittable, shares, nonEmpty, policy);

    Map<String, BigInteger> amounts = new java.util.HashMap<>();
    for (Pool p : Pool.values()) {
      for (Apportionment.Allocation a : Apportionment.apportion(budgets.of(p), members.get(p))) {
        amounts.put(a.id(), a.amount());
      }
    }
    List<Reward> rewards = new ArrayList<>(sorted.size());
    BigDecimal root = population.rootOfVarianceTerm();
    for (int i = 0; i < sorted.size(); i++) {
      Input in = sorted.get(i);
      Pool p = classes[i].pool();
      rewards.add(new Reward(in.contributorId(), in.dpp(), population.zScore(in.dpp(), root), classes[i], p,
          budgets.of(p), poolDpp.get(p), amounts.get(in.contributorId())));
    }
    return new Result(population, budgets, counts, rewards);
  }
}
