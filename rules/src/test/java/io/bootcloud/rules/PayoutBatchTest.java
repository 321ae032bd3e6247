package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payout batches against amounts worked out by hand. */
class PayoutBatchTest {

  private static final LocalDate DAY = PayoutBatchFixture.DAY;
  private static final String W1 = PayoutBatchFixture.W1;
  private static final String W2 = PayoutBatchFixture.W2;
  private static final String W3 = PayoutBatchFixture.W3;
  private static final String W4 = PayoutBatchFixture.W4;

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }

  private static List<PayoutBatch.Reward> rewards() {
    return PayoutBatchFixture.rewards();
  }

  @Test
  void sumsPerWalletAndCarriesEarlierWallets() {
    // Yesterday: w1 had 100, w4 had 25 (w4 earns nothing today but keeps its leaf).
    PayoutBatch.Batch b = PayoutBatch.build(DAY, rewards(), Map.of(W1, n(100), W4, n(25)), n(1000), n(1125));
    assertThat(b.items()).containsExactly(new PayoutBatch.Item(W1, n(650), n(750)),
        new PayoutBatch.Item(W2, n(300), n(300)), new PayoutBatch.Item(W3, n(50), n(50)),
        new PayoutBatch.Item(W4, n(0), n(25)));
    assertThat(b.totalAmount()).isEqualTo(n(1000));
    assertThat(b.cumulativeTotal()).isEqualTo(n(1125));
    assertThat(b.totalsByClass()).isEqualTo(Map.of("A", n(600), "B", n(300), "C", n(100), "D", n(0)));
    assertThat(b.countsByClass()).isEqualTo(Map.of("A", 1L, "B", 1L, "C", 2L, "D", 1L));
    assertThat(PayoutMerkleTree.verify(b.tree().root(), new PayoutMerkleTree.Leaf(W4, n(25)), b.tree().proof(W4)))
        .isTrue();
  }

  @Test
  void refusesWithTheOffenderNamed() {
    assertThatThrownBy(() -> PayoutBatch.build(DAY, rewards(), Map.of(), n(999), n(1000)))
        .hasMessageContaining("1000").hasMessageContaining("999");
    assertThatThrownBy(() -> PayoutBatch.build(DAY, rewards(), Map.of(), n(1000), n(1001)))
        .hasMessageContaining("cumulative");
    assertThatThrownBy(() -> PayoutBatch.build(DAY, List.of(new PayoutBatch.Reward("c9", null, "B", n(5))),
        Map.of(), n(5), n(5))).hasMessageContaining("c9").hasMessageContaining("no payout wallet");
    assertThatThrownBy(() -> PayoutBatch.build(DAY, List.of(new PayoutBatch.Reward("c9", "0xABC", "B", n(5))),
        Map.of(), n(5), n(5))).hasMessageContaining("0xABC");
    assertThatThrownBy(() -> PayoutBatch.build(DAY, List.of(new PayoutBatch.Reward("c9", W1, "B", n(-5))),
        Map.of(), n(-5), n(-5))).hasMessageContaining("c9").hasMessageContaining("negative");
  }
}
