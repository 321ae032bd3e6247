package io.bootcloud.ingestion.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileSlicesTest {

  @Test
  void everyFileIsInExactlyOneSliceAndSlicesDifferByAtMostTheLargestFile() {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      int files = random.nextInt(80);
      int slices = 1 + random.nextInt(10);
      List<Long> sizes = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        sizes.add((long) random.nextInt(20_000_000));
      }
      List<List<Integer>> groups = FileSlices.balance(sizes, slices);

      assertThat(groups).hasSize(Math.min(slices, files)).allSatisfy(g -> assertThat(g).isNotEmpty());
      assertThat(groups.stream().flatMap(List::stream).sorted().toList())
          .isEqualTo(java.util.stream.IntStream.range(0, files).boxed().toList());
      long[] sums = groups.stream().mapToLong(g -> g.stream().mapToLong(sizes::get).sum()).toArray();
      long largest = sizes.stream().mapToLong(Long::longValue).max().orElse(0);
      long spread = java.util.Arrays.stream(sums).max().orElse(0) - java.util.Arrays.stream(sums).min().orElse(0);
      assertThat(spread).isLessThanOrEqualTo(largest);
    }
  }

  @Test
  void splitsSevenEqualFilesIntoTwoSlicesOfFourAndThree() {
    List<List<Integer>> groups = FileSlices.balance(List.of(5L, 5L, 5L, 5L, 5L, 5L, 5L), 2);
    assertThat(groups).extracting(List::size).containsExactly(4, 3);
  }

  @Test
  void refusesZeroSlices() {
    assertThatThrownBy(() -> FileSlices.balance(List.of(1L), 0)).hasMessageContaining("slices must be >= 1");
  }
}
