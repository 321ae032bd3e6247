package io.bootcloud.dev;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A service a dev command keeps up in the foreground: until Ctrl-C (or the JVM's end), or for some seconds. */
final class Foreground {

  private Foreground() {}

  /**
   * Waits until Ctrl-C, or {@code seconds} when given, with {@code service} closed by the shutdown
   * hook if the JVM ends first (so nothing it started outlives the command); the caller closes it
   * otherwise.
   */
  static void hold(String name, AutoCloseable service, Long seconds, PrintWriter out) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        service.close();
      } catch (Exception e) {
        System.err.println(name + ": " + e.getMessage());
      }
      stopped.countDown();
    }, name + "-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println(seconds == null ? name + ": Ctrl-C stops it" : name + ": stops in " + seconds + " s");
    out.flush();
    if (seconds == null) {
      stopped.await();
    } else {
      stopped.await(seconds, TimeUnit.SECONDS);
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }
}
