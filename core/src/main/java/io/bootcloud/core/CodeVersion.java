package io.bootcloud.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the code that produced a row: the build version plus the git commit it was
 * built from (with "-dirty" when the tree had local changes), recorded in {@code audit.job_runs}.
 */
public final class CodeVersion {

  private static final String RESOURCE = "/io/bootcloud/core/version.properties";
  private static final String CURRENT = load();

  private CodeVersion() {}

  /** For example {@code 0.1.0-SNAPSHOT+3f2a9c1d07be} or {@code 0.1.0-SNAPSHOT+unknown}. */
  public static String current() {
    return CURRENT;
  }

  private static String load() {
    Properties props = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String version = clean(props.getProperty("version"), "unknown");
    String commit = clean(props.getProperty("commit"), "unknown");
    boolean dirty = "true".equals(clean(props.getProperty("dirty"), "false"));
    return version + "+" + commit + (dirty ? "-dirty" : "");
  }

  private static String clean(String value, String fallback) {
    return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
  }
}
