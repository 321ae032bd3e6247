package io.bootcloud.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payout batches against amounts worked out by hand. */
class PayoutBatchTest {

  private static final LocalDate DAY = LocalDate.of(2026, 1, 2);
  private static final String W1 = "0x" + "1".repeat(40);
  private static final String W2 = "0x" + "2".repeat(40);
  private static final String W3 = "0x" + "3".repeat(40);
  private static final String W4 = "0x" + "4".repeat(40);

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }

  private static List<PayoutBatch.Reward> rewards() {
    return List.of(new PayoutBatch.Reward("c1", W1, "A", n(600)), new PayoutBatch.Reward("c2", W2, "B", n(300)),
        new PayoutBatch.Reward("c3", W1, "C", n(50)), new PayoutBatch.Reward("c4", null, "D", n(0)),
        new PayoutBatch.Reward("c5", W3, "C", n(50)));
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

  @Test
  void manifestBytesAndHashAreStable() {
    PayoutBatch.Batch b = PayoutBatch.build(DAY, rewards(), Map.of(W1, n(100), W4, n(25)), n(1000), n(1125));
    PayoutManifest m = new PayoutManifest(DAY, 31337, "0x" + "a".repeat(40), b.tree().root(), b.totalAmount(),
        b.cumulativeTotal(), b.items().size(), b.totalsByClass(), b.countsByClass(),
        Map.of("gold.daily_rewards", 3L), "2026.1", "payout-items.parquet", "ab".repeat(32));
    assertThat(m.toJson()).startsWith("{\n  \"schema\": \"bootcloud.payout-manifest/1\",\n  \"day\": \"2026-01-02\",")
        .contains("\"totals_by_class\": {\"A\": \"600\", \"B\": \"300\", \"C\": \"100\", \"D\": \"0\"},")
        .endsWith("}\n");
    assertThat(m.hash()).isEqualTo(new PayoutManifest(DAY, 31337, "0x" + "a".repeat(40), b.tree().root(),
        b.totalAmount(), b.cumulativeTotal(), 4, b.totalsByClass(), b.countsByClass(),
        Map.of("gold.daily_rewards", 3L), "2026.1", "payout-items.parquet", "ab".repeat(32)).hash());
    assertThat(m.hash()).matches("0x[0-9a-f]{64}");
  }
}
