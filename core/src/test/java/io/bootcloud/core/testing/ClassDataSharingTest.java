package io.bootcloud.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVMs' class-data archive: directories packed into jars, written once, then mapped. */
class ClassDataSharingTest {

  /** What a child runs: loads a class of this project and prints where the JVM took it from. */
  public static final class Child {
    public static void main(String[] args) {
      System.out.println("child " + new java.util.TreeMap<>(java.util.Map.of("a", 1)) + " " + Child.class.getName());
    }
  }

  @Test
  void directoriesArePackedIntoJarsNamedByTheirContentAndJarsStayAsTheyAre(@TempDir Path tmp) throws Exception {
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes.resolve("a/b"));
    Files.writeString(classes.resolve("a/b/C.class"), "not really a class");
    Files.writeString(classes.resolve("top.txt"), "resource");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path jar = Files.writeString(tmp.resolve("lib.jar"), "a jar");
    Path out = tmp.resolve("out");
    Files.createDirectories(out);

    String cp = String.join(File.pathSeparator, classes.toString(), empty.toString(), jar.toString());
    String packed = ClassDataSharing.pack(cp, out);
    String[] entries = packed.split(File.pathSeparator);
    assertThat(entries).hasSize(3);
    assertThat(entries[0]).startsWith(out.toString()).endsWith(".jar");
    assertThat(entries[1]).isEqualTo(empty.toString());
    assertThat(entries[2]).isEqualTo(jar.toString());
    try (JarFile j = new JarFile(entries[0])) {
      assertThat(j.stream().map(e -> e.getName()).sorted().toList()).containsExactly("a/b/C.class", "top.txt");
      assertThat(new String(j.getInputStream(j.getEntry("top.txt")).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("resource");
    }
    // Packing again reuses the jar; a changed directory gets a new one.
    assertThat(ClassDataSharing.pack(cp, out)).isEqualTo(packed);
    Files.writeString(classes.resolve("top.txt"), "changed resource");
    assertThat(ClassDataSharing.pack(cp, out).split(File.pathSeparator)[0]).isNotEqualTo(entries[0]);
  }

  @Test
  void theFirstChildWritesTheArchiveAndTheNextOneLoadsItsClassesFromIt(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("cds");
    List<String> options = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    ClassDataSharing.Launch first = ClassDataSharing.launch(dir, options, true);
    assertThat(first.dumping()).isNotNull();
    // While the first child writes it, nobody else may.
    assertThat(ClassDataSharing.launch(dir, options, true).dumping()).isNull();
    String out = run(first, tmp.resolve("first.txt"));
    first.finish();
    assertThat(out).contains("child {a=1} " + Child.class.getName()).doesNotContain("cds");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("classes")).toList())
          .singleElement().satisfies(n -> assertThat(n).endsWith(".jsa"));
    }

    ClassDataSharing.Launch second = ClassDataSharing.launch(dir, options, true);
    assertThat(second.dumping()).isNull();
    assertThat(second.jvmOptions()).anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
    List<String> logged = new ArrayList<>(second.jvmOptions());
    logged.add("-Xlog:class+load=info:file=" + tmp.resolve("loads.txt"));
    String again = run(new ClassDataSharing.Launch(logged, second.classpath(), null, null), tmp.resolve("second.txt"));
    assertThat(again).contains("child {a=1}").doesNotContain("cds");
    // The project's own class, which the first child archived, now comes from the top (dynamic) archive.
    assertThat(Files.readAllLines(tmp.resolve("loads.txt"))).anyMatch(l -> l.contains(Child.class.getName())
        && l.contains("shared objects file (top)"));

    // Other JVM options are another archive.
    assertThat(ClassDataSharing.launch(dir, List.of("-Xmx300m"), true).dumping()).isNotNull();
  }

  private static String run(ClassDataSharing.Launch launch, Path out) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(launch.jvmOptions());
    cmd.addAll(List.of("-cp", launch.classpath(), Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(out);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }
}
