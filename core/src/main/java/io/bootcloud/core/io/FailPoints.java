package io.bootcloud.core.io;

/**
 * FOR FAULT-INJECTION TESTS ONLY: with the system property {@code bootcloud.failpoint} set to
 * {@code halt-after-commit:<table>}, the JVM halts (as {@code kill -9} would: no shutdown hook, no
 * {@code finally}) right after its commit to that table, so a test can stop a job between the
 * commits of one run. Unset in every real run, where each call is one property read.
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
}
