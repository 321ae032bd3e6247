package io.bootcloud.rules;

import java.math.BigInteger;
import java.util.List;

/**
 * The BCT supply and its split by whitepaper §7: 87,000,000 BCT, of which 52% is issued by
 * proof of work through the RewardDistributor, 8% goes to early users, 10% to the Boot Cloud
 * foundation, 15% to the private placement and 15% to the founding team.
 */
public final class TokenAllocation {

  public static final BigInteger TOTAL_SUPPLY = BigInteger.valueOf(87_000_000L).multiply(Units.PER_BCT);

  /** One line of §7. */
  public record Line(String name, int percent) {
    public BigInteger amount() {
      return TOTAL_SUPPLY.multiply(BigInteger.valueOf(percent)).divide(BigInteger.valueOf(100));
    }
  }

  public static final Line MINING = new Line("mining", 52);
  /** Locked one year from launch, then released linearly over two years (§7): held by a vesting contract. */
  public static final Line FOUNDING_TEAM = new Line("founding_team", 15);
  public static final List<Line> LINES = List.of(MINING, new Line("early_users", 8), new Line("foundation", 10),
      new Line("private_placement", 15), FOUNDING_TEAM);

  private TokenAllocation() {}
}
