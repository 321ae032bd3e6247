package io.bootcloud.ingestion.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunHashesTest {

  private static long[] sorted(long... hashes) {
    long[] out = hashes.clone();
    Arrays.sort(out);
    return out;
  }

  @Test
  void findsExactlyTheHeldHashesABatchContains() {
    Random random = new Random(7);
    long[] first = sorted(random.longs(10_000).toArray());
    long[] second = sorted(random.longs(10_000).toArray());
    RunHashes run = new RunHashes(1_000_000);
    run.add(first);
    run.add(second);
    long[] batch = sorted(first[17], second[4_242], second[9_999], 12345L, -6789L);

    assertThat(run.complete()).isTrue();
    assertThat(run.seenIn(batch, HashFilter.of(batch)))
        .containsExactlyInAnyOrder(first[17], second[4_242], second[9_999]);
  }

  @Test
  void aBatchPastTheLimitMakesTheMemoryIncomplete() {
    RunHashes run = new RunHashes(5);
    run.add(sorted(1, 2, 3));
    assertThat(run.complete()).isTrue();
    run.add(sorted(4, 5, 6));
    assertThat(run.complete()).isFalse();
    run.add(sorted(7));
    assertThat(run.complete()).as("stays incomplete for the rest of the run").isFalse();
    long[] batch = sorted(1, 7);
    assertThat(run.seenIn(batch, HashFilter.of(batch))).isEmpty();
  }

  @Test
  void aBatchWhoseHashesWereNotCollectedMakesTheMemoryIncomplete() {
    RunHashes run = new RunHashes(100);
    run.add(sorted(1, 2));
    run.add(null);
    assertThat(run.complete()).isFalse();
  }
}
