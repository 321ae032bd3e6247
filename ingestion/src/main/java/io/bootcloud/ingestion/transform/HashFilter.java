package io.bootcloud.ingestion.transform;

import java.io.Serializable;

/**
 * A membership filter over 64-bit event-id hashes that are already well mixed (xxhash64): two
 * bits per hash, one from each 32-bit half, in a bit set of 16 to 32 bits per member (a power of
 * two). It answers "maybe" for every member and for at most 1.4% of other hashes (the two bits set
 * by chance: {@code (1 - e^(-2/16))^2}), with two memory reads and no rehashing; the day's earlier
 * rows pass through it once a batch, so the probe is what costs.
 */
public final class HashFilter implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Bits of set size per member (a power of two at or above). */
  static final int BITS_PER_MEMBER = 16;
  private static final int MIN_LOG2_BITS = 16;
  private static final int MAX_LOG2_BITS = 30;

  private final long[] words;
  private final long mask;

  private HashFilter(int log2Bits) {
    this.words = new long[(int) ((1L << log2Bits) >>> 6)];
    this.mask = (1L << log2Bits) - 1;
  }

  /** A filter that contains every hash of {@code hashes}. */
  public static HashFilter of(long[] hashes) {
    long wanted = Math.max(1, (long) hashes.length * BITS_PER_MEMBER);
    int log2 = Math.max(MIN_LOG2_BITS, 64 - Long.numberOfLeadingZeros(wanted - 1));
    HashFilter f = new HashFilter(Math.min(MAX_LOG2_BITS, log2));
    for (long h : hashes) {
      f.set(h & f.mask);
      f.set((h >>> 32) & f.mask);
    }
    return f;
  }

  private void set(long bit) {
    words[(int) (bit >>> 6)] |= 1L << bit;
  }

  private boolean get(long bit) {
    return (words[(int) (bit >>> 6)] & (1L << bit)) != 0;
  }

  /** True for every member; false means certainly not a member. */
  public boolean mightContain(long hash) {
    return get(hash & mask) && get((hash >>> 32) & mask);
  }

  /** Size of the bit set in bits. */
  public long bits() {
    return mask + 1;
  }
}
