package io.bootcloud.ingestion.transform;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.util.AccumulatorV2;

/**
 * The 64-bit hashes of a batch's valid event ids, collected while the batch is parsed so that
 * deduplication needs no further pass over the events. The hash is Spark's
 * {@code xxhash64(event_id)}, so it can be compared with silver rows hashed by Spark.
 *
 * <p>A partition computed twice (a retried task) adds its hashes twice: a hash may appear more
 * often than its event, never less. At most {@code limit} hashes are kept; past that the
 * collection is marked {@linkplain #overflowed() overflowed} and holds nothing, so the driver's
 * memory stays bounded and the caller falls back to a distributed comparison.
 */
public final class EventHashes extends AccumulatorV2<Long, long[]> {

  /** Spark's seed for {@code xxhash64}. */
  private static final long SPARK_SEED = 42L;

  private final long limit;
  private long[] hashes = new long[0];
  private int size;
  private boolean overflowed;

  public EventHashes(long limit) {
    this.limit = limit;
  }

  /** Spark's {@code xxhash64} of a string. */
  public static long hash(String eventId) {
    byte[] utf8 = eventId.getBytes(StandardCharsets.UTF_8);
    return XXH64.hashUnsafeBytes(utf8, Platform.BYTE_ARRAY_OFFSET, utf8.length, SPARK_SEED);
  }

  /** Records the hash of one valid event id. */
  public void addEventId(String eventId) {
    addHash(hash(eventId));
  }

  private void addHash(long h) {
    if (overflowed) {
      return;
    }
    if (size >= limit) {
      overflow();
      return;
    }
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.max(1024, hashes.length * 2));
    }
    hashes[size++] = h;
  }

  private void overflow() {
    overflowed = true;
    hashes = new long[0];
    size = 0;
  }

  /** Whether more than {@code limit} hashes were offered (and none are kept). */
  public boolean overflowed() {
    return overflowed;
  }

  /** The hashes collected, sorted ascending (repeats kept). */
  public long[] sorted() {
    long[] out = Arrays.copyOf(hashes, size);
    Arrays.sort(out);
    return out;
  }

  @Override
  public boolean isZero() {
    return size == 0 && !overflowed;
  }

  @Override
  public AccumulatorV2<Long, long[]> copy() {
    EventHashes c = new EventHashes(limit);
    c.hashes = Arrays.copyOf(hashes, size);
    c.size = size;
    c.overflowed = overflowed;
    return c;
  }

  @Override
  public void reset() {
    hashes = new long[0];
    size = 0;
    overflowed = false;
  }

  @Override
  public void add(Long h) {
    addHash(h);
  }

  @Override
  public void merge(AccumulatorV2<Long, long[]> other) {
    EventHashes o = (EventHashes) other;
    if (o.overflowed || (long) size + o.size > limit) {
      if (!overflowed) {
        overflow();
      }
      return;
    }
    if (overflowed) {
      return;
    }
    if (size + o.size > hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.max(size + o.size, hashes.length * 2));
    }
    System.arraycopy(o.hashes, 0, hashes, size, o.size);
    size += o.size;
  }

  /**
   * The hashes worth an exact comparison: those that appear more than once in {@code sortedBatch}
   * (sorted ascending) and those of {@code earlier} that {@code sortedBatch} contains. Sorted and
   * distinct.
   */
  public static long[] suspects(long[] sortedBatch, Collection<Long> earlier) {
    TreeSet<Long> out = new TreeSet<>();
    for (int i = 1; i < sortedBatch.length; i++) {
      if (sortedBatch[i] == sortedBatch[i - 1]) {
        out.add(sortedBatch[i]);
      }
    }
    for (long h : earlier) {
      if (Arrays.binarySearch(sortedBatch, h) >= 0) {
        out.add(h);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** Sends only the hashes collected, not the spare capacity, with a task's result. */
  private void writeObject(ObjectOutputStream out) throws IOException {
    hashes = Arrays.copyOf(hashes, size);
    out.defaultWriteObject();
  }

  @Override
  public long[] value() {
    return Arrays.copyOf(hashes, size);
  }
}
