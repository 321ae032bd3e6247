package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.core.spark.SparkSessionFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bootcloud sql-server}: the warehouse over JDBC. Starts Spark's Thrift JDBC/ODBC server
 * ({@code HiveThriftServer2}) through {@code spark-submit} of a Spark distribution, with the
 * engine jar (Delta) and the same catalog settings every job uses, bound to 127.0.0.1. The
 * Thrift server is not published to Maven Central, so it cannot ship inside the engine jar: it
 * comes from the Spark distribution ({@code $SPARK_HOME}; {@code ./bootcloud} uses the pinned
 * pyspark of {@code airflow-dags/requirements.lock}).
 */
@Command(name = "sql-server", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Serve the warehouse over JDBC: a Spark Thrift server on 127.0.0.1 with every table and audit view by name.",
      "Connect with any Hive JDBC client, e.g. $SPARK_HOME/bin/beeline -u jdbc:hive2://127.0.0.1:10000/default",
      "Jobs, approvals and other readers run beside it: the lakehouse's metastore server is shared (see 'bootcloud services')."
    })
final class SqlServerCommand implements Callable<Integer> {

  /** The Thrift server's main class, in {@code spark-hive-thriftserver_2.13} of a Spark distribution. */
  static final String THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2";
  static final String BIND_HOST = "127.0.0.1";

  @Mixin GlobalOptions global;

  @Option(names = "--port", defaultValue = "10000", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--spark-home", paramLabel = "DIR",
      description = "Spark 4.2 distribution (or pyspark package folder) with the Thrift server. Default: $SPARK_HOME.")
  Path sparkHome;

  @Option(names = "--jar", paramLabel = "FILE",
      description = "The engine's shaded jar (default: cli/target/bootcloud.jar in the bootcloud folder).")
  Path jar;

  @Option(names = "--driver-memory", defaultValue = "2g", paramLabel = "SIZE",
      description = "Memory of the server's JVM (default ${DEFAULT-VALUE}).")
  String driverMemory;

  @Option(names = "--startup-timeout", defaultValue = "300", paramLabel = "SECONDS",
      description = "Give up when the server has not opened its port after this long (default ${DEFAULT-VALUE}).")
  int startupTimeout;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 1..65535, got " + port);
    }
    Path submit = sparkSubmit(sparkHome != null ? sparkHome : envPath("SPARK_HOME"));
    Path engineJar = engineJar();
    Lakehouse lakehouse = global.resolveLakehouse();
    if (!Files.isDirectory(lakehouse.metastore())) {
      throw new UserException("no lakehouse at " + lakehouse.root() + ": run 'bootcloud init' first (or pass --lakehouse)",
          UserException.EXIT_USAGE);
    }
    if (!portFree(port)) {
      throw new UserException("port " + port + " on " + BIND_HOST + " is in use: pass another --port",
          UserException.EXIT_USAGE);
    }
    SparkConf sparkConf = new SparkConf(true);
    List<String> cmd = command(submit, engineJar, lakehouse, port, driverMemory, sparkConf,
        System.getProperty("log4j2.configurationFile"));
    Map<String, String> secrets = secrets(sparkConf, SparkSessionFactory.defaultsFor(sparkConf, lakehouse));
    if (!secrets.isEmpty()) {
      // The password goes to the server in a file only this user reads, deleted when the command ends.
      Path file = Files.createTempFile("bootcloud-sql-server", ".conf",
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      StringBuilder text = new StringBuilder();
      secrets.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
      Files.writeString(file, text);
      cmd.addAll(1, List.of("--properties-file", file.toString()));
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("sql-server: starting the Spark Thrift server (" + submit + ") on " + BIND_HOST + ":" + port
        + " over " + lakehouse.root());
    err.flush();

    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().put("SPARK_HOME", submit.getParent().getParent().toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putIfAbsent("SPARK_LOCAL_IP", BIND_HOST);
    Process server = pb.start();
    Thread stopper = new Thread(() -> stop(server), "sql-server-stop");
    Runtime.getRuntime().addShutdownHook(stopper);

    long deadline = System.nanoTime() + startupTimeout * 1_000_000_000L;
    while (!listening(port)) {
      if (!server.isAlive()) {
        throw new UserException("the Thrift server exited with code " + server.exitValue()
            + " before it opened port " + port + " (see its log above)");
      }
      if (System.nanoTime() > deadline) {
        stop(server);
        throw new UserException("the Thrift server did not open port " + port + " within " + startupTimeout + " s");
      }
      Thread.sleep(500);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("sql-server: ready at jdbc:hive2://" + BIND_HOST + ":" + port + "/default (Ctrl-C stops it)");
    out.flush();
    int code = server.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stopper);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already stopping: the hook stops the server
    }
    return code;
  }

  /**
   * The spark-submit command line: the Thrift server class with the engine jar, the embedded
   * lakehouse's catalog settings (the same {@link SparkSessionFactory#defaultsFor} every job uses;
   * spark.* system properties win) and a 127.0.0.1 binding.
   */
  static List<String> command(Path submit, Path engineJar, Lakehouse lakehouse, int port, String driverMemory,
      SparkConf conf, String log4jConfig) {
    List<String> cmd = new ArrayList<>(List.of(submit.toString(), "--class", THRIFT_SERVER_CLASS,
        "--name", "bootcloud sql-server", "--driver-memory", driverMemory));
    Map<String, String> defaults = SparkSessionFactory.defaultsFor(conf, lakehouse);
    for (scala.Tuple2<String, String> kv : conf.getAll()) {
      if (!kv._1().equals("spark.app.name") && !secret(kv._1())) {
        cmd.addAll(List.of("--conf", kv._1() + "=" + kv._2()));
      }
    }
    defaults.forEach((k, v) -> {
      if (!secret(k)) {
        cmd.addAll(List.of("--conf", k + "=" + v));
      }
    });
    cmd.addAll(List.of("--conf", "spark.driver.host=" + BIND_HOST, "--conf", "spark.driver.bindAddress=" + BIND_HOST));
    String javaOptions = "-Dderby.system.home=" + lakehouse.metastore();
    if (log4jConfig != null && !log4jConfig.isBlank()) {
      javaOptions += " -Dlog4j2.configurationFile=" + log4jConfig;
    }
    cmd.addAll(List.of("--driver-java-options", javaOptions));
    // On the driver's own classpath: the session's Delta extension and catalog are loaded before
    // any application jar would be; "spark-internal" says there is no application jar.
    cmd.addAll(List.of("--driver-class-path", engineJar.toString(), "spark-internal"));
    cmd.addAll(List.of("--hiveconf", "hive.server2.thrift.bind.host=" + BIND_HOST,
        "--hiveconf", "hive.server2.thrift.port=" + port));
    return cmd;
  }

  /** A setting that must never appear on a command line (the process list shows it): the metastore's password. */
  static boolean secret(String key) {
    return key.toLowerCase(java.util.Locale.ROOT).contains("password");
  }

  /**
   * The secret settings of {@code conf} and the defaults, for a properties file only this user
   * can read ({@code spark-submit --properties-file}); empty when there are none.
   */
  static Map<String, String> secrets(SparkConf conf, Map<String, String> defaults) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (scala.Tuple2<String, String> kv : conf.getAll()) {
      if (secret(kv._1())) {
        out.put(kv._1(), kv._2());
      }
    }
    defaults.forEach((k, v) -> {
      if (secret(k)) {
        out.putIfAbsent(k, v);
      }
    });
    return out;
  }

  /** {@code <home>/bin/spark-submit}, checked to come with the Thrift server. */
  static Path sparkSubmit(Path home) {
    String how = "sql-server needs a Spark 4.2 distribution with the Thrift server: pass --spark-home or set "
        + "SPARK_HOME (./bootcloud sets it to the pinned pyspark of airflow-dags/requirements.lock)";
    if (home == null) {
      throw new UserException(how, UserException.EXIT_USAGE);
    }
    Path submit = home.toAbsolutePath().normalize().resolve("bin").resolve("spark-submit");
    if (!Files.isExecutable(submit)) {
      throw new UserException(submit + " does not exist or is not executable; " + how, UserException.EXIT_USAGE);
    }
    try (Stream<Path> jars = Files.list(submit.getParent().getParent().resolve("jars"))) {
      if (jars.noneMatch(p -> p.getFileName().toString().startsWith("spark-hive-thriftserver_2.13-"))) {
        throw new UserException(home + "/jars has no spark-hive-thriftserver_2.13 jar; " + how, UserException.EXIT_USAGE);
      }
    } catch (IOException e) {
      throw new UserException(home + "/jars cannot be listed (" + e.getMessage() + "); " + how, UserException.EXIT_USAGE);
    }
    return submit;
  }

  private Path engineJar() throws URISyntaxException {
    Path candidate = jar;
    if (candidate == null) {
      String home = System.getProperty(Lakehouse.HOME_PROPERTY);
      if (home != null && !home.isBlank()) {
        candidate = Path.of(home, "cli", "target", "bootcloud.jar");
      } else {
        // Run from the shaded jar itself (java -jar bootcloud.jar sql-server).
        candidate = Path.of(SqlServerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      }
    }
    if (!Files.isRegularFile(candidate) || !candidate.toString().endsWith(".jar")) {
      throw new UserException("the engine jar " + candidate + " does not exist: build it with 'mvn -DskipTests package' "
          + "or pass --jar", UserException.EXIT_USAGE);
    }
    return candidate.toAbsolutePath();
  }

  private static Path envPath(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  private static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(BIND_HOST, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(BIND_HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void stop(Process server) {
    if (server.isAlive()) {
      server.descendants().forEach(ProcessHandle::destroy);
      server.destroy();
      try {
        server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.destroyForcibly();
    }
  }
}
