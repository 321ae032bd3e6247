package io.bootcloud.settlement.batch;

import static io.bootcloud.rules.PayoutBatchFixture.DAY;
import static io.bootcloud.rules.PayoutBatchFixture.W1;
import static io.bootcloud.rules.PayoutBatchFixture.W4;
import static io.bootcloud.rules.PayoutBatchFixture.rewards;
import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.PayoutBatch;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signed manifest of a payout batch: its JSON layout and its hash are stable. */
class PayoutManifestTest {

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
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
