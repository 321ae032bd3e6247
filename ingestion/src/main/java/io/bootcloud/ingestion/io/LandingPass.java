package io.bootcloud.ingestion.io;

import io.bootcloud.core.io.DeltaFileAppends;
import io.bootcloud.core.io.TaskFiles;
import io.bootcloud.ingestion.domain.EventType;
import io.bootcloud.ingestion.domain.LandingFile;
import io.bootcloud.ingestion.domain.TelemetryEvent;
import io.bootcloud.ingestion.domain.TelemetryValidator;
import io.bootcloud.ingestion.domain.Validation;
import io.bootcloud.ingestion.transform.EventHashes;
import io.bootcloud.ingestion.transform.EventParsing;
import io.bootcloud.ingestion.transform.LandingLines;
import io.bootcloud.rules.LateWork;
import io.bootcloud.rules.config.IngestLimits;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;

/**
 * One pass over a batch's landing files that writes every table the batch feeds, so no line is
 * read, parsed or held twice: bronze gets every line of a readable file, each silver table the
 * valid events of its types, quarantine the refused lines and files. Runs in each task of the
 * pass; the driver commits what the tasks wrote ({@link DeltaFileAppends}). The rules are
 * {@link LandingFile}'s and {@link TelemetryValidator}'s, and a row's columns are picked by name
 * from one wide row, so each table gets the same values as the Spark-written path
 * ({@code EventParsing}) gives it.
 *
 * <p>The silver and quarantine files are written before the batch's duplicates are known: the
 * driver commits them only when the batch has none, and discards them otherwise.
 */
public final class LandingPass implements Serializable {

  /**
   * The columns every table's columns are picked from, by name: the parsed line's
   * ({@link EventParsing#SCHEMA}, the one definition of the wide row) and what this pass derives.
   */
  private static final List<String> WIDE = java.util.stream.Stream.concat(
      java.util.Arrays.stream(EventParsing.SCHEMA.fieldNames()),
      java.util.stream.Stream.of("day", "is_late", "ingest_run_id", "ingested_at", "event_hash", "credit_day"))
      .toList();

  private static final int DT = WIDE.indexOf("dt");
  private static final int SOURCE_FILE = WIDE.indexOf("source_file");
  private static final int LINE_NUMBER = WIDE.indexOf("line_number");
  private static final int RAW = WIDE.indexOf("raw");
  private static final int TYPE = WIDE.indexOf("type");
  private static final int EVENT_ID = WIDE.indexOf("event_id");
  private static final int TS = WIDE.indexOf("ts");
  private static final int DEVICE_ID = WIDE.indexOf("device_id");
  private static final int DIFFICULTY = WIDE.indexOf("difficulty");
  private static final int JOB_ID = WIDE.indexOf("job_id");
  private static final int NONCE = WIDE.indexOf("nonce");
  private static final int INTERVAL_S = WIDE.indexOf("interval_s");
  private static final int STATE = WIDE.indexOf("state");
  private static final int REPORTED_RATE = WIDE.indexOf("reported_rate");
  private static final int HARDWARE = WIDE.indexOf("hardware");
  private static final int CONTRIBUTOR_ID = WIDE.indexOf("contributor_id");
  private static final int WALLET = WIDE.indexOf("wallet");
  private static final int REASON_CODE = WIDE.indexOf("reason_code");
  private static final int DETAIL = WIDE.indexOf("detail");
  private static final int DAY = WIDE.indexOf("day");
  private static final int IS_LATE = WIDE.indexOf("is_late");
  private static final int INGEST_RUN_ID = WIDE.indexOf("ingest_run_id");
  private static final int INGESTED_AT = WIDE.indexOf("ingested_at");
  private static final int EVENT_HASH = WIDE.indexOf("event_hash");
  private static final int CREDIT_DAY = WIDE.indexOf("credit_day");

  /** One table the pass writes: where its files go and which wide columns make its rows. */
  public record Output(DeltaFileAppends.Target target, int[] picks) implements Serializable {

    /** {@code target}'s data columns, each found by name among the pass's columns. */
    public static Output of(DeltaFileAppends.Target target) {
      int[] picks = Arrays.stream(target.dataSchema().fieldNames()).mapToInt(n -> {
        int i = WIDE.indexOf(n);
        if (i < 0) {
          throw new IllegalStateException(target.table() + "." + n + " is not a column the landing pass computes");
        }
        return i;
      }).toArray();
      return new Output(target, picks);
    }

    Object[] pick(Object[] wide) {
      Object[] row = new Object[picks.length];
      for (int i = 0; i < picks.length; i++) {
        row[i] = wide[picks[i]];
      }
      return row;
    }
  }

  /** The tables of one pass. */
  public record Outputs(Output bronze, Output shares, Output heartbeats, Output registry, Output rejected)
      implements Serializable {}

  /**
   * Rows and lines counted per (source file, reason code, type, day, is late) — a file-level error
   * is a row without a line — as the batch report and the duplicate search read them.
   */
  public record Key(String sourceFile, String reasonCode, String type, LocalDate day, Boolean isLate)
      implements Serializable {}

  /** What one task wrote and counted. */
  public record TaskResult(List<TaskFiles.Written> files, Map<Key, long[]> counts) implements Serializable {}

  private final Outputs outputs;
  private final String root;
  private final String runId;
  private final long ingestedAtMicros;
  private final ZoneId zone;
  private final Set<LocalDate> settled;
  private final EventHashes hashes;
  private final Broadcast<SerializableConfiguration> conf;
  private final IngestLimits limits;

  /**
   * @param landingRoot the landing root's URI as Spark prints file paths
   * @param settled days whose payout batch was exported: their events are kept with {@code is_late}
   * @param hashes receives the hash of every valid event id (registered on the driver)
   * @param conf the Hadoop configuration landing files are read with
   * @param limits what a file, line and event may hold
   */
  public LandingPass(Outputs outputs, String landingRoot, String runId, Instant ingestedAt, ZoneId zone,
      Set<LocalDate> settled, EventHashes hashes, Broadcast<SerializableConfiguration> conf, IngestLimits limits) {
    this.outputs = outputs;
    this.root = LandingLines.rootPrefix(landingRoot);
    this.runId = runId;
    this.ingestedAtMicros = micros(ingestedAt);
    this.zone = zone;
    this.settled = settled;
    this.hashes = hashes;
    this.conf = conf;
    this.limits = limits;
  }

  /** Writes and counts the files of one task (their paths as Spark lists them). */
  public TaskResult run(List<String> paths, int partition, int attempt) {
    Map<Key, long[]> counts = new HashMap<>();
    List<TaskFiles> open = new ArrayList<>();
    TaskFiles bronze = track(open, new TaskFiles(outputs.bronze().target(), partition, attempt));
    TaskFiles shares = track(open, new TaskFiles(outputs.shares().target(), partition, attempt));
    TaskFiles heartbeats = track(open, new TaskFiles(outputs.heartbeats().target(), partition, attempt));
    TaskFiles registry = track(open, new TaskFiles(outputs.registry().target(), partition, attempt));
    TaskFiles rejected = track(open, new TaskFiles(outputs.rejected().target(), partition, attempt));
    UTF8String run = UTF8String.fromString(runId);
    try {
      for (String path : paths) {
        String relative = LandingLines.relativePath(path, root);
        LandingFile.Location where = LandingFile.locate(relative);
        LocalDate dt = where.deliveryDay();
        UTF8String source = UTF8String.fromString(relative);
        Object[] common = new Object[WIDE.size()];
        common[DT] = dt == null ? null : (int) dt.toEpochDay();
        common[SOURCE_FILE] = source;
        common[INGEST_RUN_ID] = run;
        common[INGESTED_AT] = ingestedAtMicros;
        LandingFile.Content content = where.error() != null ? null
            : LandingFiles.read(path, relative, conf.value().value(), limits);
        String error = where.error() != null ? where.error().name()
            : content.error() != null ? content.error().name() : null;
        if (error != null) {
          Object[] w = common.clone();
          w[REASON_CODE] = UTF8String.fromString(error);
          w[DETAIL] = UTF8String.fromString(where.error() != null ? where.detail() : content.detail());
          rejected.write(dt, outputs.rejected().pick(w));
          counts.computeIfAbsent(new Key(relative, error, null, null, null), k -> new long[2])[0]++;
          continue;
        }
        for (LandingFile.Line line : content.lines()) {
          Object[] w = common.clone();
          w[LINE_NUMBER] = line.number();
          Key key;
          if (line.error() != null) {
            // Unreadable lines are not bronze lines: quarantine keeps their bytes (or hash) and place.
            w[RAW] = utf8(line.text());
            w[REASON_CODE] = UTF8String.fromString(line.error().name());
            w[DETAIL] = UTF8String.fromString(line.detail());
            rejected.write(dt, outputs.rejected().pick(w));
            long[] c = counts.computeIfAbsent(new Key(relative, line.error().name(), null, null, null),
                k -> new long[2]);
            c[0]++;
            c[1]++;
            continue;
          }
          w[RAW] = UTF8String.fromString(line.text());
          bronze.write(dt, outputs.bronze().pick(w));
          Validation v = TelemetryValidator.validate(line.text(), dt, limits);
          TelemetryEvent e = v.event();
          if (e == null) {
            w[REASON_CODE] = UTF8String.fromString(v.reason().name());
            w[DETAIL] = UTF8String.fromString(v.detail());
            rejected.write(dt, outputs.rejected().pick(w));
            key = new Key(relative, v.reason().name(), null, null, null);
          } else {
            LocalDate day = LocalDate.ofInstant(e.ts(), zone);
            boolean late = settled.contains(day);
            long hash = EventHashes.hash(e.eventId());
            hashes.add(hash);
            event(w, e, day, late, hash);
            w[CREDIT_DAY] = late ? (int) LateWork.firstOpenDay(settled, day).toEpochDay() : null;
            if (e.type() == EventType.SHARE) {
              shares.write(day, outputs.shares().pick(w));
            } else if (e.type() == EventType.HEARTBEAT) {
              heartbeats.write(day, outputs.heartbeats().pick(w));
            } else {
              registry.write(day, outputs.registry().pick(w));
            }
            key = new Key(relative, null, e.type().wireName(), day, late);
          }
          long[] c = counts.computeIfAbsent(key, k -> new long[2]);
          c[0]++;
          c[1]++;
        }
      }
    } finally {
      open.forEach(TaskFiles::close);
    }
    List<TaskFiles.Written> written = new ArrayList<>();
    open.forEach(t -> written.addAll(t.written()));
    return new TaskResult(written, counts);
  }

  private static TaskFiles track(List<TaskFiles> open, TaskFiles files) {
    open.add(files);
    return files;
  }

  /** An accepted event's columns, as Spark's internal values. */
  private static void event(Object[] w, TelemetryEvent e, LocalDate day, boolean late, long hash) {
    w[TYPE] = UTF8String.fromString(e.type().wireName());
    w[EVENT_ID] = UTF8String.fromString(e.eventId());
    w[TS] = micros(e.ts());
    w[DEVICE_ID] = utf8(e.deviceId());
    w[DIFFICULTY] = e.difficulty();
    w[JOB_ID] = utf8(e.jobId());
    w[NONCE] = utf8(e.nonce());
    w[INTERVAL_S] = e.intervalS();
    w[STATE] = utf8(e.state());
    w[REPORTED_RATE] = decimal(e.reportedRate());
    w[HARDWARE] = utf8(e.hardware());
    w[CONTRIBUTOR_ID] = utf8(e.contributorId());
    w[WALLET] = utf8(e.wallet());
    w[DAY] = (int) day.toEpochDay();
    w[IS_LATE] = late;
    w[EVENT_HASH] = hash;
  }

  private static UTF8String utf8(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }

  /** A rate as {@code DECIMAL(30,6)}, rounded half up as Spark's encoder rounds a {@code BigDecimal}. */
  private static Decimal decimal(BigDecimal rate) {
    if (rate == null) {
      return null;
    }
    Decimal d = Decimal.apply(rate);
    if (!d.changePrecision(30, 6)) {
      throw new IllegalStateException("reported_rate " + rate + " does not fit DECIMAL(30,6)");
    }
    return d;
  }

  /** Microseconds since the epoch, as Spark stores a timestamp (sub-microsecond digits dropped). */
  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }
}
