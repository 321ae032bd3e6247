package io.bootcloud.core.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * Runs independent Spark actions (writes to different tables) side by side,
 * one driver thread each, so that one's driver work (planning, Delta commits) and the last tasks of
 * its jobs overlap the other's tasks instead of leaving cores idle. Every action is attempted; the
 * first failure is rethrown unchanged once all have finished, the others added to it as suppressed.
 * The threads are created by the calling thread, so they inherit its Spark local properties.
 */
public final class SideBySide {

  private SideBySide() {}

  /** Runs every action and returns their results in the same order. */
  public static <T> List<T> run(SparkSession spark, List<Callable<T>> actions) {
    if (actions.size() == 1) {
      return java.util.Collections.singletonList(call(actions.get(0)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, actions.size()));
    try {
      List<Future<T>> running = new ArrayList<>();
      for (Callable<T> a : actions) {
        running.add(pool.submit(() -> {
          SparkSession.setActiveSession(spark);
          return a.call();
        }));
      }
      List<T> results = new ArrayList<>();
      Throwable failure = null;
      for (Future<T> f : running) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          results.add(null);
          if (failure == null) {
            failure = e.getCause();
          } else {
            failure.addSuppressed(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Spark actions running side by side", e);
        }
      }
      if (failure != null) {
        throw SideBySide.<RuntimeException>rethrow(failure);
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T call(Callable<T> action) {
    try {
      return action.call();
    } catch (Exception e) {
      throw SideBySide.<RuntimeException>rethrow(e);
    }
  }

  /** Rethrows {@code t} as it is, checked or not, as the same action on the caller's thread would have. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
    throw (T) t;
  }
}
