package io.bootcloud.core.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.CodeVersion;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.io.DeltaFileAppends;
import io.bootcloud.core.spark.SmallQueries;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The run ledger {@code audit.job_runs}: every job goes through {@link #run}, which appends a
 * RUNNING row (naming its process) before the work and a SUCCEEDED or FAILED row after it, with
 * the Delta versions read and written, row counts, ruleset version and code version. A run killed
 * mid-way leaves only its RUNNING row; the next run of the same job and day finds it, and records
 * it ABANDONED when its process is gone, or refuses to start while that process still runs. Before
 * all that a run takes its {@link JobLease} in the metastore database, so that of two runs started
 * at once exactly one writes; a killed run's lease is taken over by the next run, which then
 * records the killed run ABANDONED: one mechanism for both.
 * {@code audit.run_status} shows each run's outcome.
 */
public final class RunLedger {

  /** The work of a job; it records inputs, outputs and counts on the run it is given. */
  @FunctionalInterface
  public interface Work<T> {
    T execute(JobRun run) throws Exception;
  }

  private final SparkSession spark;
  private final Clock clock;
  /** The days this command computes, in order (a backfill's range); empty when unknown. */
  private List<LocalDate> days = List.of();
  private final Map<String, CarriedRead<?>> carried = new java.util.HashMap<>();
  /** The run ledger's rows around the days of this command (settleEarlierRuns), carried from run to run. */
  private final CarriedRead<DayRows> jobRuns;
  /** Where {@link #write} appends, prepared at the first write. */
  private DeltaFileAppends.Target target;

  public RunLedger(SparkSession spark) {
    this(spark, Clock.systemUTC());
  }

  public RunLedger(SparkSession spark, Clock clock) {
    this.spark = spark;
    this.clock = clock;
    this.jobRuns = carried("audit.job_runs around the days", Catalog.JOB_RUNS);
  }

  /** The carried read of the run ledger's rows (for tests). */
  CarriedRead<DayRows> jobRunsRead() {
    return jobRuns;
  }

  /**
   * The days this command will compute, in order (a backfill's {@code --from}/{@code --to}): the
   * reads of the rows around a day then cover all of them at once, and each run carries what it
   * wrote to the next (see {@link CarriedRead}). Without it every day reads the rows around itself.
   */
  public void days(List<LocalDate> commandDays) {
    this.days = List.copyOf(commandDays);
  }

  /** Days {@code first} to {@code last}, both included. */
  public record Span(LocalDate first, LocalDate last) {

    public boolean contains(LocalDate day) {
      return !day.isBefore(first) && !day.isAfter(last);
    }

    public boolean covers(Span other) {
      return contains(other.first) && contains(other.last);
    }

    /** The SQL condition on a {@code day} column. */
    public Column on(Column day) {
      return day.between(Date.valueOf(first), Date.valueOf(last));
    }
  }

  /**
   * The most days of {@link #days} one read around a day covers: a month's rows of the biggest table
   * read (gold.daily_rewards) are a few million at 100,000 contributors, and a ten-year backfill reads
   * them month by month.
   */
  public static final int DAYS_A_READ = 31;

  /**
   * The days a read around {@code day} should cover: {@code before} days before it to {@code after}
   * days after it, widened to the next {@link #DAYS_A_READ} of {@link #days} when {@code day} is one
   * of them.
   */
  public Span around(LocalDate day, int before, int after) {
    LocalDate last = day;
    if (days.contains(day)) {
      LocalDate lastOfCommand = days.get(days.size() - 1);
      LocalDate lastOfRead = day.plusDays(DAYS_A_READ - 1);
      last = lastOfCommand.isBefore(lastOfRead) ? lastOfCommand : lastOfRead;
    }
    return new Span(day.minusDays(before), last.plusDays(after));
  }

  /**
   * The carried read named {@code name} of {@code tables} (the same for every use of the name), one
   * per command: a job that reads the rows around its day keeps them here for the command's next day.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> CarriedRead<T> carried(String name, TableDef... tables) {
    CarriedRead<?> c = carried.computeIfAbsent(name, n -> new CarriedRead<>(List.of(tables), this::currentVersion));
    if (!c.tables().equals(List.of(tables))) {
      throw new IllegalArgumentException("carried read '" + name + "' reads " + c.tables() + ", not "
          + List.of(tables));
    }
    return (CarriedRead<T>) c;
  }

  /**
   * The run ledger's rows of the days of {@code span}, as {@link #settleEarlierRuns} reads them, plus
   * the rows this ledger appended since (day-less ones too, which that read leaves out).
   */
  public record DayRows(Span span, List<Row> rows) {

    DayRows plus(Row row) {
      List<Row> more = new java.util.ArrayList<>(rows);
      more.add(row);
      return new DayRows(span, List.copyOf(more));
    }
  }

  /** Runs {@code work} as one ledgered run of {@code job} for {@code day} (null for day-less jobs). */
  public <T> T run(String job, LocalDate day, String rulesetVersion, Work<T> work) throws Exception {
    JobRun run = new JobRun(UUID.randomUUID().toString(), job, day, rulesetVersion,
        CodeVersion.current(), clock.instant());
    // The lease first: of two runs started at once, exactly one gets past this line.
    java.util.Optional<JobLease> lease = JobLease.acquire(spark, job, run.day(), run.runId(), owner());
    try {
      io.bootcloud.core.io.FailPoints.afterLease(job);
      SmallQueries.interpreted(spark, () -> {
        settleEarlierRuns(run);
        append(run, "RUNNING", null);
      });
      try {
        T result = work.execute(run);
        SmallQueries.interpreted(spark, () -> append(run, "SUCCEEDED", clock.instant()));
        return result;
      } catch (Exception | Error e) {
        if (run.message().isEmpty()) {
          run.message(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
          SmallQueries.interpreted(spark, () -> append(run, "FAILED", clock.instant()));
        } catch (RuntimeException ledgerFailure) {
          e.addSuppressed(ledgerFailure);
        }
        throw e;
      }
    } finally {
      lease.ifPresent(JobLease::close);
    }
  }

  /** This process, as a RUNNING row names it: {@code owner pid P on host H}. */
  static String owner() {
    return "owner pid " + ProcessHandle.current().pid() + " on host " + host();
  }

  static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }

  private static final java.util.regex.Pattern OWNER =
      java.util.regex.Pattern.compile("owner pid (\\d+) on host (\\S+)");

  /** The process a RUNNING row or a lease names ({@link #owner()}), asked whether it may still run. */
  record Owner(long pid, String host) {
    /** The owner named in {@code text}, if it names one. */
    static java.util.Optional<Owner> in(String text) {
      java.util.regex.Matcher m = OWNER.matcher(text == null ? "" : text);
      return m.find() ? java.util.Optional.of(new Owner(Long.parseLong(m.group(1)), m.group(2)))
          : java.util.Optional.empty();
    }

    boolean isThisProcess() {
      return host.equals(host()) && pid == ProcessHandle.current().pid();
    }

    /**
     * A process on another host cannot be asked and counts as live; one on this host lives while its
     * pid is a live java process (a reused pid of another program does not count).
     */
    boolean mayRun() {
      return !host.equals(host()) || ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("java")).orElse(true)).isPresent();
    }
  }

  /**
   * Runs of {@code run}'s job and day with a RUNNING row and no final row: their process is asked
   * whether it still lives. A live one (on this host) refuses the new run in one line; a dead one
   * gets its final ABANDONED row, so no killed run stays RUNNING for ever. The same read (of the day
   * and the day before) tells the run which jobs have succeeded on its day ({@link JobRun#succeededBefore})
   * and which runs of the two days succeeded ({@link JobRun#succeededRun}).
   */
  private void settleEarlierRuns(JobRun run) {
    // The day before too: which of its runs succeeded (JobRun#succeededRun) costs no read of its own.
    List<Row> read;
    if (run.day().isPresent()) {
      LocalDate day = run.day().get();
      Span needed = new Span(day.minusDays(1), day);
      Span window = around(day, 1, 0);
      read = jobRuns.get(held -> held.span().covers(needed),
          () -> new DayRows(window, readJobRuns(window.on(col("day"))))).rows().stream()
          .filter(r -> !r.isNullAt(7) && needed.contains(r.getDate(7).toLocalDate())).toList();
    } else {
      read = readJobRuns(col("day").isNull());
    }
    run.succeededRuns(read.stream().filter(r -> "SUCCEEDED".equals(r.getString(1))).map(r -> r.getString(0))
        .collect(java.util.stream.Collectors.toSet()));
    List<Row> dayRows = read.stream().filter(r -> run.day().map(d -> !r.isNullAt(7)
        && r.getDate(7).toLocalDate().equals(d)).orElse(r.isNullAt(7))).toList();
    run.succeededOnDay(dayRows.stream().filter(r -> "SUCCEEDED".equals(r.getString(1))).map(r -> r.getString(6))
        .collect(java.util.stream.Collectors.toSet()));
    List<Row> rows = dayRows.stream().filter(r -> run.job().equals(r.getString(6))).toList();
    Map<String, Row> open = new java.util.LinkedHashMap<>();
    java.util.Set<String> finished = new java.util.HashSet<>();
    for (Row r : rows) {
      if ("RUNNING".equals(r.getString(1))) {
        open.put(r.getString(0), r);
      } else {
        finished.add(r.getString(0));
      }
    }
    open.keySet().removeAll(finished);
    String day = run.day().map(LocalDate::toString).orElse("(no day)");
    for (Row r : open.values()) {
      String message = r.isNullAt(3) ? "" : r.getString(3);
      // A RUNNING row of this very process is a leftover of an earlier run in it (runs here are sequential).
      boolean alive = Owner.in(message).filter(o -> !o.isThisProcess()).map(Owner::mayRun).orElse(false);
      if (alive) {
        throw new io.bootcloud.core.UserException(run.job() + " --date " + day + " refused: run " + r.getString(0)
            + " of the same job and day is still running (" + message + ", started " + r.getTimestamp(2).toInstant()
            + "); wait for it to finish or stop that process, then run again");
      }
      Row abandoned = RowFactory.create(r.getString(0), run.job(), run.day().map(Date::valueOf).orElse(null),
          "ABANDONED", r.getTimestamp(2), Timestamp.from(clock.instant()), scalaMap(Map.of()), scalaMap(Map.of()),
          scalaMap(Map.of()), r.getString(4), r.getString(5),
          "abandoned: no final status and its process is gone (" + (message.isEmpty() ? "owner unknown" : message)
              + "); found by run " + run.runId());
      write(abandoned);
    }
  }

  /** The run ledger's rows where {@code days}, in the columns {@link #settleEarlierRuns} reads. */
  private List<Row> readJobRuns(Column days) {
    return spark.table(Catalog.JOB_RUNS.fullName()).where(days)
        .select(SETTLE_COLUMNS[0], java.util.Arrays.copyOfRange(SETTLE_COLUMNS, 1, SETTLE_COLUMNS.length)).collectAsList();
  }

  private static final String[] SETTLE_COLUMNS =
      {"run_id", "status", "started_at", "message", "ruleset_version", "code_version", "job", "day"};

  /** The latest Delta version of {@code table}, recorded as an input of {@code run}. */
  public long recordInput(JobRun run, TableDef table) {
    long v = currentVersion(table);
    run.input(table.fullName(), v);
    return v;
  }

  /** The latest Delta version of {@code table} after a write, recorded as an output of {@code run}. */
  public long recordOutput(JobRun run, TableDef table) {
    long v = currentVersion(table);
    run.output(table.fullName(), v);
    return v;
  }

  /**
   * The version of the table's latest commit. Read from the Delta log snapshot, which the
   * session caches and the job's own reads of the table reuse; {@code DESCRIBE HISTORY} gives
   * the same number but runs Spark jobs over the commit files every time.
   */
  public long currentVersion(TableDef table) {
    TableIdentifier id = TableIdentifier.apply(table.name(), Option.apply(table.schema()));
    return DeltaLog.forTable(spark, id).update(false, Option.empty(), Option.empty()).version();
  }

  private void append(JobRun run, String status, Instant finishedAt) {
    Row row = RowFactory.create(
        run.runId(),
        run.job(),
        run.day().map(Date::valueOf).orElse(null),
        status,
        Timestamp.from(run.startedAt()),
        finishedAt == null ? null : Timestamp.from(finishedAt),
        scalaMap(run.inputs()),
        scalaMap(run.outputs()),
        scalaMap(run.rowCounts()),
        run.rulesetVersion(),
        run.codeVersion(),
        "RUNNING".equals(status) ? owner() : run.message().orElse(null));
    write(row);
  }

  /**
   * Appends one row to the ledger: a file written here and one commit, without a Spark job or a
   * query plan (twice a run; through Spark's writer each took about 0.15 s of a warm small day's
   * 2.5 s, docs/benchmarks.md Session 36). The table's CHECK and NOT NULL constraints still hold.
   */
  private void write(Row row) {
    org.apache.spark.sql.types.StructType schema = TableSchemas.structOf(Catalog.JOB_RUNS);
    synchronized (this) {
      if (target == null) {
        target = DeltaFileAppends.prepare(spark, Catalog.JOB_RUNS);
      }
    }
    DeltaFileAppends.appendOnDriver(spark, target, schema, List.of(row));
    // Carried to the next run of this command as its read would return it.
    Object[] read = new Object[SETTLE_COLUMNS.length];
    for (int i = 0; i < read.length; i++) {
      read[i] = row.get(schema.fieldIndex(SETTLE_COLUMNS[i]));
    }
    jobRuns.wrote(Catalog.JOB_RUNS, held -> held.plus(RowFactory.create(read)));
  }

  private static scala.collection.immutable.Map<String, Long> scalaMap(Map<String, Long> m) {
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
  }
}
