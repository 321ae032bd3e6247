package io.bootcloud.ingestion;

import io.bootcloud.ingestion.io.LandingPass;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one micro-batch's landing pass counted, over all its tasks: per (file, reason code, event
 * type, day, late) the rows and the lines they came from (a file-level error is a row without a
 * line). A null reason code means valid events. The report, the duplicate search and the
 * fallback writes read it.
 *
 * @param counts one entry per distinct key
 */
record BatchSummary(List<Count> counts) {

  /** One key's totals: {@code reasonCode} null for valid events; {@code day} and {@code late} null for a refused row. */
  record Count(String sourceFile, String reasonCode, String type, LocalDate day, Boolean late, long rows,
      long lines) {

    boolean valid() {
      return reasonCode == null;
    }
  }

  /** The totals of the pass's tasks, summed per key. */
  static BatchSummary of(List<LandingPass.TaskResult> results) {
    Map<LandingPass.Key, long[]> total = new HashMap<>();
    for (LandingPass.TaskResult r : results) {
      r.counts().forEach((k, c) -> {
        long[] t = total.computeIfAbsent(k, x -> new long[2]);
        t[0] += c[0];
        t[1] += c[1];
      });
    }
    List<Count> counts = new ArrayList<>();
    total.forEach((k, c) -> counts.add(new Count(k.sourceFile(), k.reasonCode(), k.type(), k.day(), k.isLate(),
        c[0], c[1])));
    return new BatchSummary(counts);
  }

  /** The distinct days of the batch's valid events, as SQL dates (for {@code isin}). */
  Object[] validDays() {
    return counts.stream().filter(Count::valid).map(c -> Date.valueOf(c.day())).distinct().toArray();
  }

  /** How many valid events the batch holds. */
  long validEvents() {
    return counts.stream().filter(Count::valid).mapToLong(Count::rows).sum();
  }

  /** Whether the batch holds a valid event of one of {@code types}. */
  boolean hasValid(List<String> types) {
    return counts.stream().anyMatch(c -> c.valid() && types.contains(c.type()));
  }

  /** The landing files the batch read. */
  Set<String> files() {
    return counts.stream().map(Count::sourceFile).collect(Collectors.toSet());
  }
}
