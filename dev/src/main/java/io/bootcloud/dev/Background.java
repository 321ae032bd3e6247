package io.bootcloud.dev;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Work the demo starts on a thread of its own (the fleet's files, the local chain) while Spark runs:
 * {@link #join()} waits for it and rethrows what it threw, as if it had run in the caller.
 */
final class Background<T> {

  private final CompletableFuture<T> result = new CompletableFuture<>();

  private Background() {}

  static <T> Background<T> start(String name, Callable<T> work) {
    Background<T> b = new Background<>();
    Thread t = new Thread(() -> {
      try {
        b.result.complete(work.call());
      } catch (Throwable e) {
        b.result.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return b;
  }

  /** The work's result once it is done; its exception, unwrapped, when it failed. */
  T join() throws Exception {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** When the caller gives up on the result: closes it as soon as the work is done (a started process stops). */
  void closeWhenDone() {
    result.thenAccept(r -> {
      if (r instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Closing what nobody will use; the caller's own failure is what gets reported.
        }
      }
    });
  }
}
