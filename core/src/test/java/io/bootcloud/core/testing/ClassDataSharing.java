package io.bootcloud.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Class-data sharing for the tests' child JVMs. A child JVM spends most of a small command loading
 * and linking Spark's, Delta's and Hive's classes; a dynamic CDS archive of them, written once by
 * the first child of a test run ({@code -XX:ArchiveClassesAtExit}) and mapped by every later one
 * ({@code -XX:SharedArchiveFile}), halves that. The archive is keyed by the Java home, the JVM
 * options and every classpath entry's path, size and modification time, so a rebuilt jar gets a
 * new archive instead of a silently rejected one.
 *
 * <p>CDS archives classes from jars only and refuses to dump with a non-empty directory on the
 * classpath, so each directory entry ({@code target/classes}, {@code target/test-classes}) is
 * packed into a jar named by its content. The archive lives in the module's {@code target/}
 * folder ({@code bootcloud.test.cdsDir} overrides it; {@code bootcloud.test.cds=false} turns it
 * off). JVM messages about the archive are silenced: a child's stdout and stderr stay the
 * command's own.
 */
final class ClassDataSharing {

  /** The options and classpath of one child, and what to do once it has exited. */
  record Launch(List<String> jvmOptions, String classpath, Path dumping, Path lock) {

    /** After the child exited: publish the archive it wrote (if it wrote one) and release the lock. */
    void finish() {
      publish(dumping, lock);
    }
  }

  /**
   * After the JVM that wrote {@code dumping} exited: publish it as the archive (the same name ending in
   * {@code .jsa} instead of {@code .<id>.dumping}) if it wrote one, and release the lock.
   */
  static void publish(Path dumping, Path lock) {
    if (dumping == null) {
      return;
    }
    try {
      if (Files.isRegularFile(dumping) && Files.size(dumping) > 0) {
        Path archive = Path.of(dumping.toString().replaceFirst("\\.[^.]+\\.dumping$", ".jsa"));
        Files.move(dumping, archive, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.deleteIfExists(dumping);
      Files.deleteIfExists(lock);
    } catch (IOException e) {
      // No archive this time: the next JVM runs without one, exactly as before.
    }
  }

  private static final java.util.Map<Path, String> PACKED = new java.util.HashMap<>();

  private ClassDataSharing() {}

  static boolean enabled() {
    return !"false".equals(System.getProperty("bootcloud.test.cds"));
  }

  /**
   * The options and classpath for a child with the given JVM options: mapping the archive when it
   * exists, or (when {@code mayDump} and no other child is writing it) writing it at exit.
   */
  static Launch launch(List<String> jvmOptions, boolean mayDump) {
    if (!enabled()) {
      return new Launch(jvmOptions, System.getProperty("java.class.path"), null, null);
    }
    return launch(Path.of(System.getProperty("bootcloud.test.cdsDir", "target/child-jvm-cds")), jvmOptions, mayDump);
  }

  /** As {@link #launch(List, boolean)} with the archive and packed classes under {@code directory}. */
  static synchronized Launch launch(Path directory, List<String> jvmOptions, boolean mayDump) {
    String original = System.getProperty("java.class.path");
    try {
      Path dir = directory.toAbsolutePath();
      Files.createDirectories(dir.resolve("classes"));
      String packedClasspath = PACKED.get(dir);
      if (packedClasspath == null) {
        packedClasspath = pack(original, dir.resolve("classes"));
        PACKED.put(dir, packedClasspath);
      }
      String key = key(jvmOptions, packedClasspath);
      Path archive = dir.resolve(key + ".jsa");
      List<String> options = new ArrayList<>(jvmOptions);
      options.add("-Xlog:cds*=off");
      if (Files.isRegularFile(archive)) {
        options.add("-XX:SharedArchiveFile=" + archive);
        return new Launch(options, packedClasspath, null, null);
      }
      if (mayDump) {
        Path lock = dir.resolve(key + ".lock");
        if (claim(lock)) {
          Path dumping = dir.resolve(key + "." + UUID.randomUUID() + ".dumping");
          options.add("-XX:ArchiveClassesAtExit=" + dumping);
          return new Launch(options, packedClasspath, dumping, lock);
        }
      }
      return new Launch(options, packedClasspath, null, null);
    } catch (IOException | UncheckedIOException e) {
      return new Launch(jvmOptions, original, null, null);
    }
  }

  /** One writer per archive: the lock names its owner; a lock whose owner has died is taken over. */
  static boolean claim(Path lock) throws IOException {
    String me = String.valueOf(ProcessHandle.current().pid());
    try {
      Files.writeString(Files.createFile(lock), me);
      return true;
    } catch (FileAlreadyExistsException e) {
      String owner;
      try {
        owner = Files.readString(lock).strip();
      } catch (IOException gone) {
        return false;
      }
      boolean alive = !owner.isEmpty() && ProcessHandle.of(Long.parseLong(owner)).map(ProcessHandle::isAlive)
          .orElse(false);
      if (alive) {
        return false;
      }
      Files.deleteIfExists(lock);
      return claim(lock);
    }
  }

  /** The classpath with every non-empty directory replaced by a jar of its content. */
  static String pack(String classpath, Path jars) throws IOException {
    List<String> out = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.isEmpty() || !Files.isDirectory(p)) {
        out.add(entry);
        continue;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(p)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      if (files.isEmpty()) {
        out.add(entry);
        continue;
      }
      MessageDigest digest = sha256();
      digest.update(p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      for (Path f : files) {
        digest.update((p.relativize(f) + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      Path jar = jars.resolve(HexFormat.of().formatHex(digest.digest(), 0, 12) + ".jar");
      if (!Files.isRegularFile(jar)) {
        Path tmp = jars.resolve(jar.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(os)) {
          for (Path f : files) {
            JarEntry e = new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/'));
            e.setLastModifiedTime(FileTime.fromMillis(0));
            jos.putNextEntry(e);
            Files.copy(f, jos);
            jos.closeEntry();
          }
        }
        try {
          Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
          Files.deleteIfExists(tmp);
          if (!Files.isRegularFile(jar)) {
            throw raced;
          }
        }
      }
      out.add(jar.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  private static String key(List<String> jvmOptions, String classpath) throws IOException {
    MessageDigest digest = sha256();
    digest.update((System.getProperty("java.home") + "\n" + String.join(" ", jvmOptions) + "\n")
        .getBytes(StandardCharsets.UTF_8));
    for (String entry : classpath.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String stamp = Files.isRegularFile(p) ? Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis() : "-";
      digest.update((entry + "|" + stamp + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
