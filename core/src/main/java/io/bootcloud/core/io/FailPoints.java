package io.bootcloud.core.io;

/**
 * FOR FAULT-INJECTION TESTS ONLY: with the system property {@code bootcloud.failpoint} set to
 * {@code halt-after-commit:<table>}, the JVM halts (as {@code kill -9} would: no shutdown hook, no
 * {@code finally}) right after its commit to that table, so a test can stop a job between the
 * commits of one run; with {@code pause-after-lease:<job>}, a run of that job waits after taking
 * its lease until a line arrives on its standard input, so a test can start a second writer
 * while the first holds the lease. Unset in every real run, where each call is one property read.
 */
public final class FailPoints {

  public static final String PROPERTY = "bootcloud.failpoint";

  private FailPoints() {}

  /** Halts the JVM with exit code 137 when the fail point names {@code table}. */
  public static void afterCommit(String table) {
    if (("halt-after-commit:" + table).equals(System.getProperty(PROPERTY))) {
      System.err.println("fail point: halting after the commit to " + table);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  /** Waits for a line on standard input when the fail point names {@code job}'s lease. */
  public static void afterLease(String job) {
    if (("pause-after-lease:" + job).equals(System.getProperty(PROPERTY))) {
      System.err.println("fail point: holding the lease of " + job + " until a line arrives on standard input");
      System.err.flush();
      try {
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
            .readLine();
      } catch (java.io.IOException closed) {
        // stdin closed: go on
      }
    }
  }
}
