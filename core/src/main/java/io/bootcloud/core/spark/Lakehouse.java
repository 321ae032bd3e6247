package io.bootcloud.core.spark;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the embedded default keeps its state: {@code <root>/warehouse} holds the Delta tables
 * (one folder per schema, {@code gold.db/daily_rewards}) and {@code <root>/metastore} the
 * embedded Derby metastore that remembers table names across processes. Used only for what a
 * cluster deployment has not configured itself (spark-submit confs always win).
 */
public record Lakehouse(Path root) {

  /** Environment variable that moves the embedded lakehouse. */
  public static final String ENV = "BOOTCLOUD_LAKEHOUSE";
  /** System property set by the launcher: the repository (or install) folder. */
  public static final String HOME_PROPERTY = "bootcloud.home";
  public static final String DEFAULT_RELATIVE = "var/lakehouse";

  public Lakehouse {
    root = root.toAbsolutePath().normalize();
  }

  /** {@code --lakehouse} if given, else {@value #ENV}, else {@code <bootcloud.home>/var/lakehouse}. */
  public static Lakehouse resolve(Path option) {
    return resolve(option, System.getenv(), System.getProperty(HOME_PROPERTY));
  }

  static Lakehouse resolve(Path option, Map<String, String> env, String home) {
    if (option != null) {
      return new Lakehouse(option);
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Lakehouse(Path.of(fromEnv));
    }
    Path base = home == null || home.isBlank() ? Path.of("") : Path.of(home);
    return new Lakehouse(base.resolve(DEFAULT_RELATIVE));
  }

  public Path warehouse() {
    return root.resolve("warehouse");
  }

  public Path metastore() {
    return root.resolve("metastore");
  }
}
