package io.bootcloud.rules.config;

import java.io.Serializable;

/**
 * What one landing file, line or event may hold before it is quarantined instead of read
 * (DESIGN.md "Landing zone"; the {@code limits} section of a ruleset, documented in
 * docs/ruleset.md). The bounds keep a poison file from exhausting memory and keep every sum of
 * accepted values far inside the integer columns: with {@code maxDifficulty} = 2^40 a
 * contributor needs more than 8 million maximal shares in one day before its DPP leaves a
 * {@code BIGINT}.
 *
 * @param maxFileBytes a file's size after decompression
 * @param maxLineBytes one line's size in bytes (without its line break)
 * @param maxIdChars the length of an id ({@code event_id}, {@code device_id}, {@code contributor_id},
 *     {@code job_id}, {@code nonce})
 * @param maxDifficulty the largest share difficulty, sol
 */
public record IngestLimits(long maxFileBytes, int maxLineBytes, int maxIdChars, long maxDifficulty)
    implements Serializable {

  public static final long MAX_FILE_BYTES_DEFAULT = 256L * 1024 * 1024;
  public static final int MAX_LINE_BYTES_DEFAULT = 64 * 1024;
  public static final int MAX_ID_CHARS_DEFAULT = 128;
  public static final long MAX_DIFFICULTY_DEFAULT = 1L << 40;

  /** The limits a ruleset without a {@code limits} section gets. */
  public static final IngestLimits DEFAULT = new IngestLimits(MAX_FILE_BYTES_DEFAULT, MAX_LINE_BYTES_DEFAULT,
      MAX_ID_CHARS_DEFAULT, MAX_DIFFICULTY_DEFAULT);
}
