package io.bootcloud.settlement.audit;

import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.TokenAllocation;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.TeamVestingContract;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The BCT supply by allocation line of whitepaper §7, read from the token: one reconcile check per
 * line (its amount), the total (87,000,000 BCT, the token's supply), the distributor funded with the
 * reward policy's mining cap, and the founding team's line held by its vesting contract on the §7 schedule.
 */
final class AllocationChecks {

  private AllocationChecks() {}

  static List<DayInvariants.Check> of(RewardDistributorContract chain, long launchEpochSecond, BigInteger capUnits)
      throws IOException {
    List<DayInvariants.Check> checks = new ArrayList<>();
    List<RewardDistributorContract.Allocation> recorded;
    try {
      recorded = chain.allocations();
    } catch (IOException e) {
      checks.add(new DayInvariants.Check("allocation_recorded", false, "the §7 lines on the token", "(none)",
          "token " + chain.token() + " records no allocation (deployed by an earlier release): " + e.getMessage()));
      return checks;
    }
    BigInteger total = BigInteger.ZERO;
    for (TokenAllocation.Line line : TokenAllocation.LINES) {
      RewardDistributorContract.Allocation a = recorded.stream().filter(r -> r.line().equals(line.name())).findFirst()
          .orElse(null);
      checks.add(new DayInvariants.Check("allocation_" + line.name(), a != null && a.amount().equals(line.amount()),
          line.amount().toString(), a == null ? "(missing)" : a.amount().toString(),
          line.percent() + "% of the supply (§7)" + (a == null ? "" : ", minted to " + a.holder())));
      if (a != null) {
        total = total.add(a.amount());
      }
      if (a != null && line == TokenAllocation.FOUNDING_TEAM) {
        checks.add(vesting(chain, a, launchEpochSecond));
      }
    }
    BigInteger supply = chain.totalSupply();
    checks.add(new DayInvariants.Check("allocation_total", total.equals(TokenAllocation.TOTAL_SUPPLY)
        && supply.equals(TokenAllocation.TOTAL_SUPPLY) && recorded.size() == TokenAllocation.LINES.size(),
        TokenAllocation.TOTAL_SUPPLY.toString(), total.toString(), "the §7 lines add up to 87,000,000 BCT; token "
        + "supply " + supply + ", " + recorded.size() + " lines recorded"));
    BigInteger funded = chain.funded();
    checks.add(new DayInvariants.Check("mining_line_funds_distributor", funded.equals(capUnits),
        capUnits.toString(), funded.toString(),
        "the RewardDistributor's balance plus everything claimed equals the reward policy's mining cap, "
            + "paid from the §7 mining line"));
    return checks;
  }

  private static DayInvariants.Check vesting(RewardDistributorContract chain, RewardDistributorContract.Allocation a,
      long launchEpochSecond) throws IOException {
    TeamVestingContract v = new TeamVestingContract(chain.chain(), a.holder());
    String expected = "start " + (launchEpochSecond + TeamVestingContract.LOCK_SECONDS) + ", duration "
        + TeamVestingContract.RELEASE_SECONDS + ", holds " + a.amount();
    try {
      BigInteger held = chain.tokenBalance(a.holder()).add(v.released(chain.token()));
      String actual = "start " + v.start() + ", duration " + v.duration() + ", holds " + held;
      return new DayInvariants.Check("founding_team_vesting", expected.equals(actual), expected, actual,
          "the founding team's line is locked one year from launch, then released linearly over two years, "
              + "to beneficiary " + v.beneficiary() + " only");
    } catch (IOException e) {
      return new DayInvariants.Check("founding_team_vesting", false, expected, "(not a vesting contract)",
          a.holder() + ": " + e.getMessage());
    }
  }
}
