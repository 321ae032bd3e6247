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

  private ChildJvm() {}

  /** A process builder for {@code bootcloud args... --lakehouse lakehouse} on the test classpath. */
  public static ProcessBuilder builder(Path lakehouse, String... args) {
    return processBuilder(command(lakehouse, args));
  }

  private static ProcessBuilder processBuilder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb;
  }

  public static List<String> command(Path lakehouse, String... args) {
    List<String> cmd = new ArrayList<>(commandWithoutLakehouse(args));
    cmd.add("--lakehouse");
    cmd.add(lakehouse.toString());
    return cmd;
  }

  /** {@code bootcloud args...} on the test classpath, for a command that takes no {@code --lakehouse}. */
  public static List<String> commandWithoutLakehouse(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    String opens = System.getProperty("bootcloud.test.jvmOptions", "");
    cmd.addAll(Arrays.stream(opens.split("\\s+")).filter(s -> !s.isBlank()).toList());
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      cmd.add("-Dlog4j2.configurationFile=" + log4j);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.bootcloud.cli.Main");
    cmd.addAll(List.of(args));
    return cmd;
  }

  public static Exec run(Path lakehouse, String... args) throws Exception {
    return run(java.time.Duration.ofMinutes(5), lakehouse, args);
  }

  /** As {@link #run(Path, String...)}, failing when the command takes longer than {@code timeout}. */
  public static Exec run(java.time.Duration timeout, Path lakehouse, String... args) throws Exception {
    return exec(timeout, builder(lakehouse, args), args);
  }

  /** As {@link #run(java.time.Duration, Path, String...)} for a command that takes no {@code --lakehouse}. */
  public static Exec runWithoutLakehouse(java.time.Duration timeout, String... args) throws Exception {
    return exec(timeout, processBuilder(commandWithoutLakehouse(args)), args);
  }

  private static Exec exec(java.time.Duration timeout, ProcessBuilder pb, String... args) throws Exception {
    Path out = Files.createTempFile("bootcloud-out", ".txt");
    Path err = Files.createTempFile("bootcloud-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      // Its children too (a demo's anvil, a Thrift server): a killed JVM runs no shutdown hook.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("bootcloud " + String.join(" ", args) + " did not finish in " + timeout);
    }
    Exec e = new Exec(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return e;
  }

}
