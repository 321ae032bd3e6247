package io.bootcloud.dev;

import io.bootcloud.core.UserException;
import io.bootcloud.dev.cluster.StandaloneCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bootcloud cluster}: a Spark standalone cluster on 127.0.0.1 from the pinned pyspark,
 * in the foreground until Ctrl-C (or {@code --for}), stopped with everything it started.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start a Spark standalone cluster on 127.0.0.1 (a master and workers from the pinned pyspark's "
        + "spark-class) and keep it up until Ctrl-C; then stop the workers, their executors and the master.",
        "It writes DIR/conf/spark-defaults.conf (the master, partitions sized to its cores): with "
            + "SPARK_CONF_DIR=DIR/conf, spark-submit runs a job of the shaded jar on it."})
final class ClusterCommand implements Callable<Integer> {

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "Workers (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--cores", paramLabel = "C", defaultValue = "1",
      description = "Cores per worker (default ${DEFAULT-VALUE}).")
  int cores;

  @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "2g",
      description = "Memory per worker for its executors (default ${DEFAULT-VALUE}).")
  String memory;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7077",
      description = "The master's port; 0 for any free port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--dir", paramLabel = "DIR", description = "Logs, the workers' folders and conf/ (default: "
      + "var/cluster in the bootcloud folder).")
  Path dir;

  @Option(names = "--spark-home", paramLabel = "DIR",
      description = "Spark 4.2 distribution or pyspark package folder. Default: $SPARK_HOME (./bootcloud sets the "
          + "pinned pyspark).")
  Path sparkHome;

  @Option(names = "--for", paramLabel = "SECONDS",
      description = "Stop after this many seconds instead of waiting for Ctrl-C.")
  Long seconds;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = sparkHome != null ? sparkHome : envPath("SPARK_HOME");
    if (home == null) {
      throw new UserException("no Spark distribution: pass --spark-home or set SPARK_HOME", UserException.EXIT_USAGE);
    }
    Path folder = (dir != null ? dir : Path.of(System.getProperty("bootcloud.home", ".")).resolve("var/cluster"))
        .toAbsolutePath().normalize();
    out.printf("cluster: starting a master and %d worker%s of %d core%s, %s each, from %s (logs in %s)%n", workers,
        workers == 1 ? "" : "s", cores, cores == 1 ? "" : "s", memory, home, folder);
    out.flush();
    try (StandaloneCluster cluster = StandaloneCluster.start(home, folder, port, workers, cores, memory)) {
      out.printf("cluster: %s up (web UI %s), %d cores%n", cluster.masterUrl(), cluster.webUiUrl(),
          cluster.totalCores());
      out.printf("cluster: run a job on it with%n  SPARK_CONF_DIR=%s %s/bin/spark-submit --driver-class-path "
          + "cli/target/bootcloud.jar --class io.bootcloud.cli.Main cli/target/bootcloud.jar dpp --date YYYY-MM-DD%n",
          cluster.confDir(), home);
      Foreground.hold("cluster", cluster, seconds, out);
    }
    out.println("cluster: stopped");
    out.flush();
    return 0;
  }

  private static Path envPath(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : Path.of(v);
  }
}
