package io.bootcloud.rules.config;

/**
 * The whitepaper's pool split in whole percent (§4.4.2(4)): A 50, BC 40, D 10 by default.
 * Pools A and D are floored; BC receives the rest, so the three always sum to the emission.
 */
public record PoolShares(int aPercent, int bcPercent, int dPercent) {

  public PoolShares {
    if (aPercent < 0 || bcPercent < 0 || dPercent < 0 || aPercent + bcPercent + dPercent != 100) {
      throw new IllegalArgumentException(
          "pool percentages must be >= 0 and sum to 100, got A=%d BC=%d D=%d"
              .formatted(aPercent, bcPercent, dPercent));
    }
  }
}
