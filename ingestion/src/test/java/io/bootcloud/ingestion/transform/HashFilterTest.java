package io.bootcloud.ingestion.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashFilterTest {

  @Test
  void containsEveryMemberAndFewOthers() {
    SplittableRandom random = new SplittableRandom(20261124);
    long[] members = new long[200_000];
    for (int i = 0; i < members.length; i++) {
      members[i] = random.nextLong();
    }
    HashFilter filter = HashFilter.of(members);
    for (long m : members) {
      assertThat(filter.mightContain(m)).isTrue();
    }
    assertThat(filter.bits()).isGreaterThanOrEqualTo(16L * members.length).isLessThan(32L * members.length);
    int others = 1_000_000;
    int passed = 0;
    for (int i = 0; i < others; i++) {
      if (filter.mightContain(random.nextLong())) {
        passed++;
      }
    }
    // Expected (1 - e^(-2 n / m))^2 with m between 16 n and 32 n: 0.35% to 1.4%.
    assertThat(passed).isBetween(3_000, 15_000);
  }

  @Test
  void anEmptyBatchContainsNothing() {
    HashFilter filter = HashFilter.of(new long[0]);
    assertThat(filter.mightContain(0)).isFalse();
    assertThat(filter.mightContain(-1)).isFalse();
    assertThat(filter.bits()).isEqualTo(1L << 16);
  }

  @Test
  void usesBothHalvesOfTheHash() {
    long member = 0x0000_0005_0000_0003L;
    HashFilter filter = HashFilter.of(new long[] {member});
    assertThat(filter.mightContain(member)).isTrue();
    assertThat(filter.mightContain(0x0000_0003_0000_0005L)).as("the same two bits, swapped").isTrue();
    assertThat(filter.mightContain(0x0000_0007_0000_0003L)).as("the high half's bit is not set").isFalse();
    assertThat(filter.mightContain(0x0000_0005_0000_0009L)).as("the low half's bit is not set").isFalse();
  }
}
