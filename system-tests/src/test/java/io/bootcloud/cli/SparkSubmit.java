package io.bootcloud.cli;

import io.bootcloud.core.testing.ChildJvm;
import io.bootcloud.core.testing.LauncherClassData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bootcloud} commands through the pinned pyspark's {@code spark-submit} with the shaded
 * production jar, as the DAG runs them: the master and partitions come from {@code confDir}'s
 * spark-defaults.conf (given as {@code --properties-file}; {@code SPARK_CONF_DIR} is an empty
 * folder, because class-data sharing refuses a class path with a folder that has files in it),
 * {@code settings} are added as {@code --conf}, and {@code jars} (e.g. S3A's) go to the driver's and
 * the executors' class paths. The driver maps a class-data archive ({@link LauncherClassData}) that
 * the first driver of the same class path wrote. The executors do not: a standalone worker kills an
 * executor 10 s after its application ends, and under the tests' load an executor writing an archive
 * at exit was killed before it had written it.
 */
record SparkSubmit(Path sparkHome, Path confDir, Path jar, Map<String, String> settings, List<Path> jars,
    Path logs) {

  /** The shaded jar the cli module packages, seen from a module folder beside it. */
  static Path productionJar() {
    return Path.of("..", "cli", "target", "bootcloud.jar").toAbsolutePath().normalize();
  }

  /** The same submission in local mode ({@code local[1]}): no application on the cluster. */
  SparkSubmit withLocalMaster() {
    Map<String, String> local = new java.util.LinkedHashMap<>(settings);
    local.put("spark.master", "local[1]");
    return new SparkSubmit(sparkHome, confDir, jar, local, jars, logs);
  }

  /** Runs {@code bootcloud args...}; its stdout, and the driver's log (stderr) kept under {@code logs}. */
  ChildJvm.Exec run(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> driverPath = new ArrayList<>(jars.stream().map(Path::toString).toList());
    driverPath.add(jar.toString());
    // One folder for every run: the archive records the class path's names.
    Path emptyConf = Files.createDirectories(Path.of("target", "spark-conf-empty").toAbsolutePath());
    List<String> cmd = new ArrayList<>(List.of(sparkHome.resolve("bin").resolve("spark-submit").toString(),
        "--properties-file", confDir.resolve("spark-defaults.conf").toString(),
        "--driver-class-path", String.join(java.io.File.pathSeparator, driverPath), "--class", "io.bootcloud.cli.Main"));
    if (!jars.isEmpty()) {
      cmd.addAll(List.of("--jars", String.join(",", jars.stream().map(Path::toString).toList())));
    }
    Map<String, String> conf = new java.util.LinkedHashMap<>(settings);
    List<Path> driverClasses = new ArrayList<>(List.of(emptyConf, sparkHome.resolve("jars")));
    driverClasses.addAll(jars);
    driverClasses.add(jar);
    LauncherClassData.Launch driver = classData(conf, "spark.driver.extraJavaOptions", "driver", driverClasses);
    conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Files.createDirectories(logs);
    Path out = Files.createTempFile(logs, args[0] + "-", ".out");
    Path err = Files.createTempFile(logs, args[0] + "-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_CONF_DIR", emptyConf.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    boolean finished;
    try {
      finished = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      // The test gave up on this run (it failed elsewhere): nothing of it is left running.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw e;
    }
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("spark-submit " + String.join(" ", args) + " did not finish within " + timeout
          + "; driver log " + err);
    }
    driver.finish();
    return new ChildJvm.Exec(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Adds the class-data option of the JVMs {@code setting} configures to it. */
  private static LauncherClassData.Launch classData(Map<String, String> conf, String setting, String role,
      List<Path> classpath) {
    String options = conf.getOrDefault(setting, "");
    LauncherClassData.Launch launch = LauncherClassData.launch(role, List.of(options), classpath, true);
    conf.put(setting, (options + " " + launch.option()).strip());
    return launch;
  }
}
