package io.bootcloud.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ClassDataSharing} for a JVM that another launcher starts with a class path of its own:
 * spark-submit's driver ({@code spark.driver.extraJavaOptions}). The archive is keyed by what the
 * caller names: the JVM's options and the files of its class path (a folder stands for every file in
 * it). The first launch writes it at exit, later launches map it; as for the tests' own children, it
 * saves most of the class loading that is much of a cold JVM's work on a tiny day.
 */
public final class LauncherClassData {

  /** The option for the launched JVM, and what to do once it has exited. */
  public record Launch(String option, Path dumping, Path lock) {

    /** Whether this launch writes the archive. */
    public boolean dumps() {
      return dumping != null;
    }

    /** After the launched JVM exited: publish the archive it wrote (if it wrote one) and release the lock. */
    public void finish() {
      ClassDataSharing.publish(dumping, lock);
    }
  }

  private LauncherClassData() {}

  /**
   * The class-data option for a JVM named {@code role} started with {@code jvmOptions} over the class
   * path {@code classpath}: mapping the archive when it exists, or, when {@code mayDump} and nobody is
   * writing it, writing it at exit. Empty when class-data sharing is off for the tests
   * ({@code bootcloud.test.cds=false}).
   */
  public static Launch launch(String role, List<String> jvmOptions, List<Path> classpath, boolean mayDump) {
    if (!ClassDataSharing.enabled()) {
      return new Launch("", null, null);
    }
    return launch(Path.of(System.getProperty("bootcloud.test.cdsDir", "target/child-jvm-cds")).resolve("launched"),
        role, jvmOptions, classpath, mayDump);
  }

  /** As {@link #launch(String, List, List, boolean)} with the archives in {@code directory}. */
  static Launch launch(Path directory, String role, List<String> jvmOptions, List<Path> classpath, boolean mayDump) {
    try {
      Path dir = Files.createDirectories(directory.toAbsolutePath());
      String key = role + "-" + key(jvmOptions, classpath);
      Path archive = dir.resolve(key + ".jsa");
      if (Files.isRegularFile(archive)) {
        return new Launch("-XX:SharedArchiveFile=" + archive + " -Xlog:cds*=off", null, null);
      }
      Path lock = dir.resolve(key + ".lock");
      if (mayDump && ClassDataSharing.claim(lock)) {
        Path dumping = dir.resolve(key + "." + UUID.randomUUID() + ".dumping");
        return new Launch("-XX:ArchiveClassesAtExit=" + dumping + " -Xlog:cds*=off", dumping, lock);
      }
      return new Launch("-Xlog:cds*=off", null, null);
    } catch (IOException | UncheckedIOException e) {
      return new Launch("", null, null);
    }
  }

  private static String key(List<String> jvmOptions, List<Path> classpath) throws IOException {
    MessageDigest digest = ClassDataSharing.sha256();
    digest.update((System.getProperty("java.home") + "\n" + String.join(" ", jvmOptions) + "\n")
        .getBytes(StandardCharsets.UTF_8));
    for (Path entry : classpath) {
      List<Path> files;
      if (Files.isDirectory(entry)) {
        try (Stream<Path> list = Files.list(entry)) {
          files = list.sorted().toList();
        }
      } else {
        files = List.of(entry);
      }
      for (Path f : files) {
        String stamp = Files.isRegularFile(f) ? Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis() : "-";
        digest.update((f.toAbsolutePath() + "|" + stamp + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }
}
