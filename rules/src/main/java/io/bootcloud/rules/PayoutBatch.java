package io.bootcloud.rules;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A day's payout batch (DESIGN.md "Payouts and settlement"): the day's rewards summed per
 * wallet, added to the previous batch's cumulative amounts (wallets paid before and not today
 * keep their leaf), checked against the emission ledger, and the Merkle tree over
 * {@code (wallet, cumulative)}. Every refusal names the contributor or wallet at fault.
 */
public final class PayoutBatch {

  /** One row of gold.daily_rewards. */
  public record Reward(String contributorId, String wallet, String rewardClass, BigInteger amount) {}

  /** One leaf: the day's amount and the cumulative amount since launch. */
  public record Item(String wallet, BigInteger amount, BigInteger cumulativeAmount) {}

  public record Batch(LocalDate day, List<Item> items, PayoutMerkleTree tree, BigInteger totalAmount,
      BigInteger cumulativeTotal, Map<String, BigInteger> totalsByClass, Map<String, Long> countsByClass) {}


  private PayoutBatch() {}

  /**
   * @param previousCumulative wallet → cumulative amount of the previous batch (empty on the first day)
   * @param ledgerEmitted the emission ledger's {@code emitted} for the day
   * @param ledgerCumulative the emission ledger's {@code cumulative_emitted} for the day
   */
  public static Batch build(LocalDate day, List<Reward> rewards, Map<String, BigInteger> previousCumulative,
      BigInteger ledgerEmitted, BigInteger ledgerCumulative) {
    Map<String, BigInteger> today = new TreeMap<>();
    Map<String, BigInteger> totalsByClass = new TreeMap<>();
    Map<String, Long> countsByClass = new TreeMap<>();
    for (String c : List.of("A", "B", "C", "D")) {
      totalsByClass.put(c, BigInteger.ZERO);
      countsByClass.put(c, 0L);
    }
    BigInteger total = BigInteger.ZERO;
    for (Reward r : rewards) {
      if (r.amount().signum() < 0) {
        throw new IllegalArgumentException("contributor " + r.contributorId() + " has a negative amount " + r.amount());
      }
      if (!totalsByClass.containsKey(r.rewardClass())) {
        throw new IllegalArgumentException("contributor " + r.contributorId() + " has unknown class " + r.rewardClass());
      }
      totalsByClass.merge(r.rewardClass(), r.amount(), BigInteger::add);
      countsByClass.merge(r.rewardClass(), 1L, Long::sum);
      total = total.add(r.amount());
      if (r.amount().signum() == 0) {
        continue;
      }
      if (r.wallet() == null) {
        throw new IllegalArgumentException("contributor " + r.contributorId() + " earned " + r.amount()
            + " base units but has no payout wallet");
      }
      if (!WalletAddress.isCanonical(r.wallet())) {
        throw new IllegalArgumentException("wallet " + r.wallet() + " of contributor " + r.contributorId()
            + " is not a lower-case 0x-prefixed 20-byte address");
      }
      today.merge(r.wallet(), r.amount(), BigInteger::add);
    }
    if (!total.equals(ledgerEmitted)) {
      throw new IllegalArgumentException("the day's rewards add up to " + total + " base units but the emission "
          + "ledger emitted " + ledgerEmitted);
    }
    Map<String, BigInteger> cumulative = new TreeMap<>(previousCumulative);
    today.forEach((w, a) -> cumulative.merge(w, a, BigInteger::add));
    List<Item> items = new ArrayList<>();
    BigInteger cumulativeTotal = BigInteger.ZERO;
    for (Map.Entry<String, BigInteger> e : cumulative.entrySet()) {
      BigInteger before = previousCumulative.getOrDefault(e.getKey(), BigInteger.ZERO);
      if (e.getValue().compareTo(before) < 0) {
        throw new IllegalArgumentException("wallet " + e.getKey() + " would go from cumulative " + before + " to "
            + e.getValue());
      }
      if (e.getValue().signum() == 0) {
        continue;
      }
      items.add(new Item(e.getKey(), today.getOrDefault(e.getKey(), BigInteger.ZERO), e.getValue()));
      cumulativeTotal = cumulativeTotal.add(e.getValue());
    }
    if (!cumulativeTotal.equals(ledgerCumulative)) {
      throw new IllegalArgumentException("cumulative amounts add up to " + cumulativeTotal
          + " base units but the emission ledger's cumulative emitted is " + ledgerCumulative);
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("nothing has been paid up to " + day + ": there is no batch to export");
    }
    PayoutMerkleTree tree = PayoutMerkleTree.of(items.stream()
        .map(i -> new PayoutMerkleTree.Leaf(i.wallet(), i.cumulativeAmount())).toList());
    return new Batch(day, List.copyOf(items), tree, total, cumulativeTotal, totalsByClass, countsByClass);
  }
}
