package io.bootcloud.cli.replay;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A past day as recorded against the same day recomputed (docs/auditing.md "Replaying past days"):
 * per contributor the verified and reported DPP, the class, the wallet and the amount, and for the
 * day the emission and the payout root. A day is identical when no contributor differs in any of
 * them and the emission and the root are the same.
 */
public final class DayComparison {

  /** One contributor's outcome of a day, on one side; null fields are absent on that side. */
  public record Outcome(Long dpp, Long dppReported, String rewardClass, String wallet, BigInteger amount) {

    static final Outcome ABSENT = new Outcome(null, null, null, null, null);

    BigInteger amountOrZero() {
      return amount == null ? BigInteger.ZERO : amount;
    }
  }

  /** A contributor whose recorded and replayed outcomes differ, and in which fields. */
  public record Difference(String contributorId, Outcome recorded, Outcome replayed, List<String> fields) {

    /** Replayed minus recorded amount, base units (an absent amount counts as 0). */
    public BigInteger amountDelta() {
      return replayed.amountOrZero().subtract(recorded.amountOrZero());
    }
  }

  /**
   * The day's comparison.
   *
   * @param recordedRoot the exported batch's Merkle root, null when the day was not exported
   * @param replayedRoot the root of the batch rebuilt from the replayed amounts, null when there is none
   * @param rootNote why there is no replayed root (empty when there is one or the day was not exported)
   */
  public record Day(LocalDate day, String recordedRuleset, String replayedRuleset, String rewardsRun, String dppRun,
      Map<String, Long> inputVersions, int contributors, List<Difference> differences, BigInteger recordedEmitted,
      BigInteger replayedEmitted, String recordedRoot, String replayedRoot, String rootNote) {

    public boolean identical() {
      return differences.isEmpty() && recordedEmitted.equals(replayedEmitted)
          && Objects.equals(recordedRoot, replayedRoot) && rootNote.isEmpty();
    }

    /** Sum of the replayed minus recorded amounts over every contributor. */
    public BigInteger netAmountDelta() {
      return differences.stream().map(Difference::amountDelta).reduce(BigInteger.ZERO, BigInteger::add);
    }
  }

  private DayComparison() {}

  /**
   * The contributors whose outcomes differ between {@code recorded} and {@code replayed} (contributor
   * id → outcome; a contributor on one side only differs in every field present), by ascending id.
   */
  public static List<Difference> differences(Map<String, Outcome> recorded, Map<String, Outcome> replayed) {
    TreeSet<String> ids = new TreeSet<>(recorded.keySet());
    ids.addAll(replayed.keySet());
    List<Difference> out = new ArrayList<>();
    for (String id : ids) {
      Outcome a = recorded.getOrDefault(id, Outcome.ABSENT);
      Outcome b = replayed.getOrDefault(id, Outcome.ABSENT);
      List<String> fields = new ArrayList<>();
      if (!Objects.equals(a.dpp(), b.dpp())) {
        fields.add("dpp");
      }
      if (!Objects.equals(a.dppReported(), b.dppReported())) {
        fields.add("dpp_reported");
      }
      if (!Objects.equals(a.rewardClass(), b.rewardClass())) {
        fields.add("class");
      }
      if (!Objects.equals(a.wallet(), b.wallet())) {
        fields.add("wallet");
      }
      if (a.amountOrZero().compareTo(b.amountOrZero()) != 0) {
        fields.add("amount");
      }
      if (!fields.isEmpty()) {
        out.add(new Difference(id, a, b, List.copyOf(fields)));
      }
    }
    return out;
  }

  /** Merges per-contributor DPP and reward rows of one side into outcomes (either may lack a contributor). */
  public static Map<String, Outcome> outcomes(Map<String, long[]> dppByContributor,
      Map<String, Outcome> rewardsByContributor) {
    Map<String, Outcome> out = new TreeMap<>();
    dppByContributor.forEach((id, d) -> out.put(id, new Outcome(d[0], d[1], null, null, null)));
    rewardsByContributor.forEach((id, r) -> {
      Outcome d = out.getOrDefault(id, Outcome.ABSENT);
      out.put(id, new Outcome(d.dpp(), d.dppReported(), r.rewardClass(), r.wallet(), r.amount()));
    });
    return out;
  }
}
