package io.bootcloud.ingestion.transform;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.util.AccumulatorV2;

/**
 * The 64-bit hashes of a batch's valid event ids, collected while the batch is parsed so that
 * deduplication needs no further pass over the events. The hash is Spark's
 * {@code xxhash64(event_id)}, so it can be compared with silver rows hashed by Spark. The
 * accumulator's value is the number of hashes held; {@link #sorted()} hands them over.
 *
 * <p>Hashes are kept in fixed-size chunks (merging appends chunks, never copies a growing array),
 * so the driver holds 8 bytes per event, and 16 while {@link #sorted()} builds its array. A
 * partition computed twice (a retried task) adds its hashes twice: a hash may appear more often
 * than its event, never less. At most {@code limit} hashes are kept; past that the collection is
 * marked {@linkplain #overflowed() overflowed} and holds nothing, so the driver's memory stays
 * bounded and the caller falls back to a distributed comparison. Register it without a name:
 * Spark snapshots the value of named accumulators for its UI at every task end.
 */
public final class EventHashes extends AccumulatorV2<Long, Long> {

  /** Spark's seed for {@code xxhash64}. */
  private static final long SPARK_SEED = 42L;

  /** Hashes per chunk: 64 Ki longs, 512 KiB. */
  private static final int CHUNK = 1 << 16;

  private final long limit;
  private List<long[]> full = new ArrayList<>();
  private long[] current;
  private int position;
  private long count;
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
    if (count >= limit) {
      overflow();
      return;
    }
    if (current == null || position == current.length) {
      if (current != null) {
        full.add(current);
      }
      current = new long[CHUNK];
      position = 0;
    }
    current[position++] = h;
    count++;
  }

  private void overflow() {
    overflowed = true;
    full = new ArrayList<>();
    current = null;
    position = 0;
    count = 0;
  }

  /** Whether more than {@code limit} hashes were offered (and none are kept). */
  public boolean overflowed() {
    return overflowed;
  }

  /**
   * The hashes collected, sorted ascending (repeats kept). Hands them over: the chunks are
   * released as they are copied, and the collection is empty afterwards.
   */
  public long[] sorted() {
    long[] out = new long[Math.toIntExact(count)];
    int at = 0;
    for (int i = 0; i < full.size(); i++) {
      long[] chunk = full.get(i);
      System.arraycopy(chunk, 0, out, at, chunk.length);
      at += chunk.length;
      full.set(i, null);
    }
    if (current != null) {
      System.arraycopy(current, 0, out, at, position);
    }
    reset();
    Arrays.sort(out);
    return out;
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

  /** Sends only the hashes collected, not a chunk's spare room, with a task's result. */
  private void writeObject(ObjectOutputStream out) throws IOException {
    if (current != null && position < current.length) {
      current = Arrays.copyOf(current, position);
    }
    out.defaultWriteObject();
  }

  @Override
  public boolean isZero() {
    return count == 0 && !overflowed;
  }

  @Override
  public AccumulatorV2<Long, Long> copy() {
    EventHashes c = new EventHashes(limit);
    c.merge(this);
    return c;
  }

  @Override
  public void reset() {
    full = new ArrayList<>();
    current = null;
    position = 0;
    count = 0;
    overflowed = false;
  }

  @Override
  public void add(Long h) {
    addHash(h);
  }

  @Override
  public void merge(AccumulatorV2<Long, Long> other) {
    EventHashes o = (EventHashes) other;
    if (overflowed) {
      return;
    }
    if (o.overflowed || count + o.count > limit) {
      overflow();
      return;
    }
    if (current != null) {
      full.add(position == current.length ? current : Arrays.copyOf(current, position));
      current = null;
      position = 0;
    }
    full.addAll(o.full);
    if (o.current != null && o.position > 0) {
      full.add(o.position == o.current.length ? o.current : Arrays.copyOf(o.current, o.position));
    }
    count += o.count;
  }

  @Override
  public Long value() {
    return count;
  }
}
