package io.bootcloud.core.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bootcloud} ({@code io.bootcloud.cli.Main}, which must be on the test classpath) in a
 * new JVM against a given lakehouse: a real second process.
 */
public final class ChildJvm {

  public record Exec(int exit, String out, String err) {}

  private static final String MAIN = "io.bootcloud.cli.Main";

  private ChildJvm() {}

  /** A process builder for {@code bootcloud args... --lakehouse lakehouse} on the test classpath. */
  public static ProcessBuilder builder(Path lakehouse, String... args) {
    return processBuilder(command(lakehouse, args));
  }

  private static ProcessBuilder processBuilder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    String opts = sparkSubmitOptions();
    if (!opts.isEmpty()) {
      pb.environment().putIfAbsent("SPARK_SUBMIT_OPTS", opts);
    }
    return pb;
  }

  /**
   * What a spark-submit a child starts (sql-server's Thrift server) gets as {@code SPARK_SUBMIT_OPTS}: it is
   * as short-lived as the child, so the same compiler and collector options, and the same evaluation
   * ({@link #sparkSettings()}, which spark-submit reads from {@code spark.*} system properties).
   */
  static String sparkSubmitOptions() {
    return String.join(" ", jvmOptions().stream()
        .filter(o -> (o.startsWith("-XX:") && !o.contains("IgnoreUnrecognized")) || o.startsWith("-Dspark.")).toList());
  }

  public static List<String> command(Path lakehouse, String... args) {
    return withLakehouse(java(ClassDataSharing.launch(jvmOptions(), false), MAIN, args), lakehouse);
  }

  private static List<String> withLakehouse(List<String> command, Path lakehouse) {
    List<String> cmd = new ArrayList<>(command);
    cmd.add("--lakehouse");
    cmd.add(lakehouse.toString());
    return cmd;
  }

  /** {@code bootcloud args...} on the test classpath, for a command that takes no {@code --lakehouse}. */
  public static List<String> commandWithoutLakehouse(String... args) {
    return java(ClassDataSharing.launch(jvmOptions(), false), MAIN, args);
  }

  /**
   * {@code java mainClass args...} with the options and classpath every child JVM gets (the test
   * JVM options, log4j's configuration, and the shared class-data archive once one exists).
   */
  public static List<String> javaCommand(String mainClass, String... args) {
    return java(ClassDataSharing.launch(jvmOptions(), false), mainClass, args);
  }

  /** The Spark settings every child gets: {@link SharedSpark#evaluation()}, as for this JVM's session. */
  public static java.util.Map<String, String> sparkSettings() {
    return SharedSpark.evaluation();
  }

  /**
   * The temporary folder of every {@code bootcloud} child: one per test JVM, deleted with everything in
   * it when that JVM exits. A child killed on purpose (kill -9, a halting fail point) runs no shutdown
   * hook, so what Spark keeps there while it runs ({@code spark-*} and {@code blockmgr-*} folders, the
   * native libraries it unpacks) would otherwise stay in the machine's {@code /tmp} for good. The
   * option comes after those that key the class-data archive, which stays one for every test JVM;
   * {@link #javaCommand} of another main class keeps the machine's folder (a test may set its own).
   */
  static final class ChildTemp {
    static final Path FOLDER = create();

    private static Path create() {
      try {
        Path folder = Files.createTempDirectory("bootcloud-children-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SharedSpark.deleteQuietly(folder)));
        return folder;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    options.add("-Xmx1g");
    sparkSettings().forEach((k, v) -> options.add("-D" + k + "=" + v));
    String opens = System.getProperty("bootcloud.test.jvmOptions", "");
    options.addAll(Arrays.stream(opens.split("\\s+")).filter(s -> !s.isBlank()).toList());
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      options.add("-Dlog4j2.configurationFile=" + log4j);
    }
    return options;
  }

  private static List<String> java(ClassDataSharing.Launch launch, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(launch.jvmOptions());
    if (MAIN.equals(mainClass)) {
      cmd.add("-Djava.io.tmpdir=" + ChildTemp.FOLDER);
    }
    cmd.add("-cp");
    cmd.add(launch.classpath());
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * How long a child may take before the test fails: a guard against a hung command, not a speed limit. A
   * one-day command takes 30 s to a minute alone; in a clean-clone CI run beside the other whole-pipeline
   * tests on two cores, some took close to 5 minutes, the guard before, in a slow hour.
   */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(15);

  public static Exec run(Path lakehouse, String... args) throws Exception {
    return run(DEFAULT_TIMEOUT, lakehouse, args);
  }

  /** As {@link #run(Path, String...)}, failing when the command takes longer than {@code timeout}. */
  public static Exec run(java.time.Duration timeout, Path lakehouse, String... args) throws Exception {
    ClassDataSharing.Launch launch = ClassDataSharing.launch(jvmOptions(), true);
    return exec(timeout, processBuilder(withLakehouse(java(launch, MAIN, args), lakehouse)), launch, args);
  }

  /** As {@link #run(java.time.Duration, Path, String...)} for a command that takes no {@code --lakehouse}. */
  public static Exec runWithoutLakehouse(java.time.Duration timeout, String... args) throws Exception {
    ClassDataSharing.Launch launch = ClassDataSharing.launch(jvmOptions(), true);
    return exec(timeout, processBuilder(java(launch, MAIN, args)), launch, args);
  }

  private static Exec exec(java.time.Duration timeout, ProcessBuilder pb, ClassDataSharing.Launch launch,
      String... args) throws Exception {
    Path out = Files.createTempFile("bootcloud-out", ".txt");
    Path err = Files.createTempFile("bootcloud-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        // Its children too (a demo's anvil, a Thrift server): a killed JVM runs no shutdown hook.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(1, TimeUnit.MINUTES);
        throw new AssertionError("bootcloud " + String.join(" ", args) + " did not finish in " + timeout);
      }
    } finally {
      launch.finish();
    }
    Exec e = new Exec(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return e;
  }

}
