package io.bootcloud.dev.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.core.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 from a Spark distribution (the pinned pyspark's
 * folder is one: its {@code bin/spark-class} starts the master and the workers; the wheel has no
 * {@code sbin/start-master.sh}): one master and {@code workers} workers, each a child process,
 * each worker offering {@code cores} cores. {@link #start} returns once every worker has
 * registered; {@link #close()} stops the workers (and the executors they started), then the
 * master. Logs and the workers' folders are under {@code dir}, with a {@code conf/} folder whose
 * {@code spark-defaults.conf} points spark-submit at the cluster ({@link #confDir()}).
 */
public final class StandaloneCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final int port;
  private final int webUiPort;
  private final int workers;
  private final int coresPerWorker;
  private final List<Process> processes = new ArrayList<>();

  private StandaloneCluster(Path dir, int port, int webUiPort, int workers, int coresPerWorker) {
    this.dir = dir;
    this.port = port;
    this.webUiPort = webUiPort;
    this.workers = workers;
    this.coresPerWorker = coresPerWorker;
  }

  /**
   * Starts a master on {@code port} (0: any free port) and {@code workers} workers of {@code cores}
   * cores and {@code memory} (e.g. {@code 2g}) each, from the Spark distribution {@code sparkHome};
   * waits until every worker is alive.
   */
  public static StandaloneCluster start(Path sparkHome, Path dir, int port, int workers, int cores, String memory)
      throws IOException {
    if (workers < 1 || cores < 1) {
      throw new UserException("a cluster needs at least one worker with one core", UserException.EXIT_USAGE);
    }
    Path sparkClass = sparkHome.resolve("bin").resolve("spark-class");
    if (!Files.isExecutable(sparkClass)) {
      throw new UserException("no Spark distribution at " + sparkHome + " (bin/spark-class is missing): pass "
          + "--spark-home or set SPARK_HOME (./bootcloud uses the pinned pyspark)", UserException.EXIT_USAGE);
    }
    Files.createDirectories(dir);
    int masterPort = port == 0 ? freePort() : port;
    StandaloneCluster cluster = new StandaloneCluster(dir, masterPort, freePort(), workers, cores);
    try {
      cluster.launch(sparkClass, sparkHome, "master", List.of("org.apache.spark.deploy.master.Master", "--host",
          "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(cluster.webUiPort)));
      cluster.awaitWorkers(0);
      for (int i = 1; i <= workers; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        cluster.launch(sparkClass, sparkHome, "worker-" + i, List.of("org.apache.spark.deploy.worker.Worker",
            cluster.masterUrl(), "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory,
            "--webui-port", "0", "--work-dir", work.toString()));
      }
      cluster.awaitWorkers(workers);
      cluster.writeConf();
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * The pinned pyspark's folder (a Spark distribution) of the bootcloud checkout {@code home}:
   * {@code airflow-dags/python-env.sh --spark-home}, which creates the project's Python environment
   * from its lock file first when it is missing.
   */
  public static Path pinnedSparkHome(Path home) throws IOException {
    Path script = home.resolve("airflow-dags").resolve("python-env.sh");
    Process p = new ProcessBuilder(script.toString(), "--spark-home").redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IOException(script + " --spark-home failed (exit " + p.exitValue() + ")");
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return Path.of(out);
  }

  /** {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /** The master's web UI (its {@code /json/} lists the workers and applications). */
  public String webUiUrl() {
    return "http://127.0.0.1:" + webUiPort;
  }

  /** Cores the cluster offers in all. */
  public int totalCores() {
    return workers * coresPerWorker;
  }

  /** A Spark configuration folder for spark-submit ({@code SPARK_CONF_DIR}): {@link #sparkDefaults()}. */
  public Path confDir() {
    return dir.resolve("conf");
  }

  /**
   * What spark-submit needs besides {@code --class} and the jar to run a bootcloud job here: the
   * master, and shuffle and Delta log-replay partitions sized to the cluster's cores. Spark's
   * defaults (200 shuffle and 50 log-replay partitions) turn a small day into thousands of tiny
   * tasks: measured here, a 20-contributor day's ingest took 112 s with them and 65 s with 4 and 2.
   */
  public Map<String, String> sparkDefaults() {
    return Map.of("spark.master", masterUrl(),
        "spark.sql.shuffle.partitions", Integer.toString(2 * totalCores()),
        "spark.databricks.delta.snapshotPartitions", Integer.toString(Math.max(2, totalCores())));
  }

  private void writeConf() throws IOException {
    StringBuilder text = new StringBuilder("# Written by bootcloud cluster for the standalone cluster it started.\n");
    sparkDefaults().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> text.append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
    Files.createDirectories(confDir());
    Files.writeString(confDir().resolve("spark-defaults.conf"), text.toString(), StandardCharsets.UTF_8);
  }

  private void launch(Path sparkClass, Path sparkHome, String name, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(sparkClass.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log(name).toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    // The master and workers read no spark-defaults.conf of a user's SPARK_CONF_DIR.
    pb.environment().put("SPARK_CONF_DIR", Files.createDirectories(dir.resolve("daemon-conf")).toString());
    processes.add(pb.start());
  }

  /** The master's state: workers, active and completed applications (its web UI's {@code /json/}). */
  public JsonNode state() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(webUiUrl() + "/json/"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the master", e);
    }
  }

  /** Names of the applications that ran on the cluster and finished, oldest first. */
  public List<String> completedApplications() throws IOException {
    List<JsonNode> apps = new ArrayList<>();
    state().path("completedapps").forEach(apps::add);
    apps.sort(java.util.Comparator.comparingLong(a -> a.path("starttime").asLong()));
    return apps.stream().map(a -> a.path("name").asText()).toList();
  }

  /** Waits until the master answers with {@code n} alive workers. */
  private void awaitWorkers(int n) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException("a Spark daemon exited while the cluster started (exit " + p.exitValue()
              + "); logs in " + dir + "\n" + tail(log(processes.indexOf(p) == 0 ? "master"
              : "worker-" + processes.indexOf(p))));
        }
      }
      try {
        JsonNode state = state();
        int alive = 0;
        for (JsonNode w : state.path("workers")) {
          alive += "ALIVE".equals(w.path("state").asText()) ? 1 : 0;
        }
        if (alive >= n && "ALIVE".equals(state.path("status").asText())) {
          return;
        }
        last = alive + " of " + n + " workers alive";
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        last = e.toString();
      }
      sleep(250);
    }
    throw new IOException("the Spark cluster did not come up within " + START_TIMEOUT.toSeconds() + " s (" + last
        + "); logs in " + dir);
  }

  /** Stops the workers and every executor they started, then the master. */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(all::add);
      all.add(p.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    processes.clear();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log " + log + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }

  /** The log of one daemon: "master", "worker-1", ... */
  public Path log(String name) {
    return dir.resolve(name + ".log");
  }
}
