package io.bootcloud.ingestion.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * Splits a batch's landing files into tasks of about equal bytes (largest file first, each to
 * the lightest task so far), so that no task of the one-pass write runs long after the others
 * and leaves a core idle. Spark's own file packing fills tasks up to a size and leaves the last
 * one light.
 */
public final class FileSlices {

  private FileSlices() {}

  /**
   * The indexes of {@code sizes}, in at most {@code slices} non-empty groups whose sums differ by
   * at most the largest size; each index in exactly one group.
   */
  public static List<List<Integer>> balance(List<Long> sizes, int slices) {
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be >= 1, got " + slices);
    }
    int n = Math.min(slices, sizes.size());
    List<List<Integer>> groups = new ArrayList<>();
    long[] totals = new long[n];
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.<Integer>comparingLong(g -> totals[g]).thenComparingInt(g -> g));
    for (int g = 0; g < n; g++) {
      groups.add(new ArrayList<>());
      lightest.add(g);
    }
    IntStream.range(0, sizes.size()).boxed()
        .sorted(Comparator.<Integer>comparingLong(sizes::get).reversed().thenComparingInt(i -> i))
        .forEach(i -> {
          int g = lightest.poll();
          groups.get(g).add(i);
          totals[g] += sizes.get(i);
          lightest.add(g);
        });
    return groups;
  }
}
