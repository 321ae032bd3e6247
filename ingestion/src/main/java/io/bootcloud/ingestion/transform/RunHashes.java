package io.bootcloud.ingestion.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * The event-id hashes of the batches an ingest run has already accepted, kept on the driver so a
 * batch is compared with them without reading silver back (which costs a Delta snapshot update
 * and scan of three tables a batch, seconds even when there is nothing to find). Holds at most
 * {@code limit} hashes, 8 bytes each; a batch that would pass the limit, or whose hashes were not
 * collected, makes the memory {@linkplain #complete() incomplete} for the rest of the run, and the
 * caller reads silver again.
 */
public final class RunHashes {

  private final long limit;
  private final List<long[]> batches = new ArrayList<>();
  private long held;
  private boolean complete = true;

  public RunHashes(long limit) {
    this.limit = limit;
  }

  /** Whether every batch accepted so far in the run is held. */
  public boolean complete() {
    return complete;
  }

  /** Records an accepted batch's hashes (sorted ascending), or null when they were not collected. */
  public void add(long[] sortedBatch) {
    if (!complete) {
      return;
    }
    if (sortedBatch == null || held + sortedBatch.length > limit) {
      complete = false;
      batches.clear();
      held = 0;
      return;
    }
    batches.add(sortedBatch);
    held += sortedBatch.length;
  }

  /**
   * The held hashes that {@code sortedBatch} (sorted ascending) also contains; {@code filter}
   * holds the same hashes as {@code sortedBatch} and spares most binary searches.
   */
  public List<Long> seenIn(long[] sortedBatch, HashFilter filter) {
    List<Long> out = new ArrayList<>();
    for (long[] earlier : batches) {
      for (long h : earlier) {
        if (filter.mightContain(h) && java.util.Arrays.binarySearch(sortedBatch, h) >= 0) {
          out.add(h);
        }
      }
    }
    return out;
  }
}
