package io.bootcloud.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive of a JVM another launcher starts: written by the first launch, mapped by the next. */
class LauncherClassDataTest {

  @Test
  void theFirstLaunchWritesTheArchiveAndTheNextOneLoadsItsClassesFromIt(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("cds");
    String cp = ClassDataSharing.pack(System.getProperty("java.class.path"), Files.createDirectories(tmp.resolve("jars")));
    List<Path> entries = Stream.of(cp.split(File.pathSeparator)).filter(e -> !e.isEmpty()).map(Path::of).toList();
    List<String> options = List.of("-Xmx256m");

    LauncherClassData.Launch first = LauncherClassData.launch(dir, "driver", options, entries, true);
    assertThat(first.dumps()).isTrue();
    assertThat(first.option()).contains("-XX:ArchiveClassesAtExit=");
    assertThat(LauncherClassData.launch(dir, "driver", options, entries, true).dumps()).as("one writer at a time")
        .isFalse();
    assertThat(run(first.option(), cp, tmp.resolve("first.txt"), null)).contains("child {a=1}").doesNotContain("cds");
    first.finish();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement()
          .satisfies(n -> assertThat(n).startsWith("driver-").endsWith(".jsa"));
    }

    LauncherClassData.Launch second = LauncherClassData.launch(dir, "driver", options, entries, true);
    assertThat(second.dumps()).isFalse();
    assertThat(second.option()).contains("-XX:SharedArchiveFile=");
    Path loads = tmp.resolve("loads.txt");
    assertThat(run(second.option(), cp, tmp.resolve("second.txt"), loads)).contains("child {a=1}")
        .doesNotContain("cds");
    assertThat(Files.readAllLines(loads)).anyMatch(l -> l.contains(ClassDataSharingTest.Child.class.getName())
        && l.contains("shared objects file (top)"));

    // Another role, other options or another class path entry: another archive.
    assertThat(LauncherClassData.launch(dir, "executor", options, entries, false).option())
        .doesNotContain("SharedArchiveFile");
    assertThat(LauncherClassData.launch(dir, "driver", List.of("-Xmx300m"), entries, false).option())
        .doesNotContain("SharedArchiveFile");
    List<Path> more = new ArrayList<>(entries);
    more.add(Files.writeString(tmp.resolve("extra.jar"), "x"));
    assertThat(LauncherClassData.launch(dir, "driver", options, more, false).option())
        .doesNotContain("SharedArchiveFile");
  }

  private static String run(String option, String cp, Path out, Path loads) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(Arrays.asList(option.split(" ")));
    if (loads != null) {
      cmd.add("-Xlog:class+load=info:file=" + loads);
    }
    cmd.addAll(List.of("-cp", cp, ClassDataSharingTest.Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(out);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }
}
