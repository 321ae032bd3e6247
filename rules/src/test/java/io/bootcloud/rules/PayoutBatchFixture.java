package io.bootcloud.rules;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;

/** One day's rewards over four wallets (c1 and c3 share W1, c4 has no wallet), for payout batch tests. */
public final class PayoutBatchFixture {

  public static final LocalDate DAY = LocalDate.of(2026, 1, 2);
  public static final String W1 = "0x" + "1".repeat(40);
  public static final String W2 = "0x" + "2".repeat(40);
  public static final String W3 = "0x" + "3".repeat(40);
  public static final String W4 = "0x" + "4".repeat(40);

  private PayoutBatchFixture() {}

  /** c1 A 600 and c3 C 50 to W1, c2 B 300 to W2, c4 D 0 without a wallet, c5 C 50 to W3: 1,000 in all. */
  public static List<PayoutBatch.Reward> rewards() {
    return List.of(new PayoutBatch.Reward("c1", W1, "A", n(600)), new PayoutBatch.Reward("c2", W2, "B", n(300)),
        new PayoutBatch.Reward("c3", W1, "C", n(50)), new PayoutBatch.Reward("c4", null, "D", n(0)),
        new PayoutBatch.Reward("c5", W3, "C", n(50)));
  }

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }
}
