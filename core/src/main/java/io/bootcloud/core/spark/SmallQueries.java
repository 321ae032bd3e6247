package io.bootcloud.core.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Spark actions over a handful of rows (the run ledger, the day guards, the audit views' answers
 * for one day) evaluated by Spark's interpreter instead of generated code.
 *
 * <p>Why: whatever query first reads a Delta table after a commit rebuilds that table's snapshot,
 * and the tasks doing so generate and compile code for projections over Delta's wide log schema
 * (hundreds of fields), on every rebuild. The run ledger's table changes twice in every run, so
 * every run paid that for rows it then reads in microseconds. The data-sized work of a job keeps
 * generated code: interpreted evaluation doubles a large day's dpp.
 *
 * <p>A {@value #FACTORY_MODE} the user set (anything but Spark's default {@code FALLBACK}) is left
 * alone. The setting is the session's while the action runs; the jobs run these actions one at a
 * time, never beside their data-sized work.
 */
public final class SmallQueries {

  /** Spark's setting for how expressions outside whole-stage code are evaluated. */
  public static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  static final String SPARK_DEFAULT = "FALLBACK";
  static final String INTERPRETED = "NO_CODEGEN";

  private SmallQueries() {}

  /** Runs {@code action} with interpreted evaluation, restoring the setting afterwards. */
  public static <T> T interpreted(SparkSession spark, Supplier<T> action) {
    scala.Option<String> before = spark.conf().getOption(FACTORY_MODE);
    if (before.isDefined() && !before.get().equalsIgnoreCase(SPARK_DEFAULT)) {
      return action.get();
    }
    spark.conf().set(FACTORY_MODE, INTERPRETED);
    try {
      return action.get();
    } finally {
      if (before.isDefined()) {
        spark.conf().set(FACTORY_MODE, before.get());
      } else {
        spark.conf().unset(FACTORY_MODE);
      }
    }
  }

  /** An action that may throw, as a job's run does. */
  @FunctionalInterface
  public interface Action<T> {
    T run() throws Exception;
  }

  /**
   * Spark setting: a day job whose day's inputs take fewer bytes than this runs interpreted as a
   * whole ({@link io.bootcloud.core.ledger.DayJob}); 0 turns that off. Generated code pays for
   * itself only over many rows: measured here, a 40-contributor day's jobs spend more time
   * generating code than evaluating rows, while a 2 M-share day's dpp takes twice as long without it.
   */
  public static final String SMALL_DAY_BYTES = "spark.bootcloud.smallDayBytes";
  static final long DEFAULT_SMALL_DAY_BYTES = 8L << 20;

  /** The {@link #SMALL_DAY_BYTES} threshold of {@code spark}, checked. */
  public static long smallDayBytes(SparkSession spark) {
    String setting = spark.conf().get(SMALL_DAY_BYTES, Long.toString(DEFAULT_SMALL_DAY_BYTES)).strip();
    try {
      long bytes = Long.parseLong(setting);
      if (bytes >= 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new io.bootcloud.core.UserException(SMALL_DAY_BYTES + " must be a whole number of bytes (0 turns it off), "
        + "got '" + setting + "'", io.bootcloud.core.UserException.EXIT_USAGE);
  }

  /** Runs {@code action} interpreted when {@code interpreted}, else as it is. */
  public static <T> T interpretedWhen(boolean interpreted, SparkSession spark, Action<T> action) throws Exception {
    if (!interpreted) {
      return action.run();
    }
    Exception[] failure = new Exception[1];
    T result = interpreted(spark, () -> {
      try {
        return action.run();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        failure[0] = e;
        return null;
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
    return result;
  }

  /** As {@link #interpreted(SparkSession, Supplier)} for an action without a result. */
  public static void interpreted(SparkSession spark, Runnable action) {
    interpreted(spark, () -> {
      action.run();
      return null;
    });
  }
}
