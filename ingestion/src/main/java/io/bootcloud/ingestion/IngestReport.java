package io.bootcloud.ingestion;

import io.bootcloud.ingestion.domain.ReasonCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** Totals of one ingest run, printed and stored in the run ledger. */
public final class IngestReport {

  long batches;
  long files;
  long fileErrors;
  long lines;
  long late;
  final Map<String, Long> accepted = new TreeMap<>();
  final Map<String, Long> rejected = new TreeMap<>();

  public long batches() {
    return batches;
  }

  public long lines() {
    return lines;
  }

  public Map<String, Long> accepted() {
    return accepted;
  }

  public Map<String, Long> rejected() {
    return rejected;
  }

  public long late() {
    return late;
  }

  public long files() {
    return files;
  }

  /**
   * Adds a batch: its lines, file errors and refusals by reason from {@code summary}; accepted
   * events are its valid ones less {@code duplicates} (counts by {@code type, is_late, count}).
   */
  void add(BatchSummary summary, List<Row> duplicates) {
    Map<List<Object>, Long> valid = new HashMap<>();
    for (BatchSummary.Count c : summary.counts()) {
      lines += c.lines();
      fileErrors += c.rows() - c.lines();
      if (c.valid()) {
        valid.merge(List.of(c.type(), c.late()), c.rows(), Long::sum);
      } else {
        rejected.merge(c.reasonCode(), c.rows(), Long::sum);
      }
    }
    files += summary.files().size();
    for (Row r : duplicates) {
      valid.merge(List.of(r.getString(0), r.getBoolean(1)), -r.getLong(2), Long::sum);
      rejected.merge(ReasonCode.DUPLICATE_EVENT.name(), r.getLong(2), Long::sum);
    }
    valid.forEach((key, n) -> {
      if (n > 0) {
        accepted.merge((String) key.get(0), n, Long::sum);
        if ((Boolean) key.get(1)) {
          late += n;
        }
      }
    });
  }
}
