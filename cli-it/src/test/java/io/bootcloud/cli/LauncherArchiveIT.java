package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bootcloud} launcher's class-data archive: a Spark command run without one writes it as
 * it exits, a failed run publishes nothing, a later JVM maps it, and a new archive replaces the one of
 * the build before. Runs the repository's launcher script itself (with {@code ruleset}, a command that
 * needs no Spark, made to write by {@code BOOTCLOUD_CDS=write}).
 */
class LauncherArchiveIT {

  private static final Path HOME = Path.of("").toAbsolutePath().getParent();

  record Run(int exit, String out, String err) {}

  private static Run launch(Path cds, Map<String, String> env, String... args) throws Exception {
    List<String> command = Stream.concat(Stream.of(HOME.resolve("bootcloud").toString()), Stream.of(args)).toList();
    ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile());
    pb.environment().remove("BOOTCLOUD_JAVA_OPTS");
    pb.environment().remove("BOOTCLOUD_CDS");
    pb.environment().put("BOOTCLOUD_CDS_DIR", cds.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(cds.getParent(), "out", ".txt");
    Path err = Files.createTempFile(cds.getParent(), "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the launcher ended").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static List<Path> archives(Path cds) throws IOException {
    if (!Files.isDirectory(cds)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cds)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aCommandWritesTheArchiveOnceAndLaterJvmsMapIt(@TempDir Path tmp) throws Exception {
    assertThat(HOME.resolve("bootcloud")).isExecutable();
    Path cds = tmp.resolve("cds");

    // ruleset needs no Spark: it maps an archive but never writes one.
    Run plain = launch(cds, Map.of(), "ruleset");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(plain.err()).doesNotContain("class-data archive");
    assertThat(archives(cds)).isEmpty();

    // A failed run publishes nothing and keeps its exit code.
    Run failed = launch(cds, Map.of("BOOTCLOUD_CDS", "write"), "ruleset", "--config",
        tmp.resolve("missing.yaml").toString());
    assertThat(failed.exit()).as(failed.err()).isEqualTo(2);
    assertThat(failed.err()).contains("writes the class-data archive");
    assertThat(archives(cds)).isEmpty();

    // An archive of an earlier build of the same class path is replaced by the new one.
    Path stale = cds.resolve("main-00000000000000000000.jsa");
    Files.write(stale, "an older build's archive".getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    Run writing = launch(cds, Map.of("BOOTCLOUD_CDS", "write"), "ruleset");
    assertThat(writing.exit()).as(writing.err()).isZero();
    assertThat(writing.out()).isEqualTo(plain.out());
    List<Path> written = archives(cds);
    assertThat(written).hasSize(1);
    Path archive = written.get(0);
    assertThat(archive.getFileName().toString()).matches("main-[0-9a-f]{20}\\.jsa").isNotEqualTo("main-00000000000000000000.jsa");
    assertThat(writing.err()).contains(archive.toString());
    assertThat(Files.size(archive)).isGreaterThan(1_000_000);

    // -Xshare:on makes a JVM that cannot map the archive fail to start; the engine's own classes come from it.
    Path loads = tmp.resolve("loads.txt");
    Run mapped = launch(cds, Map.of("BOOTCLOUD_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + loads),
        "ruleset");
    assertThat(mapped.exit()).as(mapped.err()).isZero();
    assertThat(mapped.err()).doesNotContain("class-data archive");
    assertThat(mapped.out()).isEqualTo(plain.out());
    assertThat(Files.readString(loads)).contains("io.bootcloud.cli.Main source: shared objects file (top)");
    assertThat(archives(cds)).containsExactly(archive);

    Run off = launch(cds, Map.of("BOOTCLOUD_CDS", "sometimes"), "ruleset");
    assertThat(off.exit()).isEqualTo(2);
    assertThat(off.err()).contains("BOOTCLOUD_CDS is set to 'sometimes' but must be on, write or off");
  }

  @Test
  void theLauncherCollectsWithTheSerialCollectorUnlessTheUserChoosesOne(@TempDir Path tmp) throws Exception {
    Path cds = tmp.resolve("cds");
    Path own = tmp.resolve("gc-own.txt");
    Run plain = launch(cds, Map.of("BOOTCLOUD_JAVA_OPTS", "-Xlog:gc=info:file=" + own), "ruleset");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(Files.readString(own)).contains("Using Serial");

    // The JVM refuses two collectors: the user's replaces the build's, and the command runs.
    Path chosen = tmp.resolve("gc-chosen.txt");
    Run g1 = launch(cds, Map.of("BOOTCLOUD_JAVA_OPTS", "-XX:+UseG1GC -Xlog:gc=info:file=" + chosen), "ruleset");
    assertThat(g1.exit()).as(g1.err()).isZero();
    assertThat(g1.out()).isEqualTo(plain.out());
    assertThat(Files.readString(chosen)).contains("Using G1").doesNotContain("Serial");
  }
}
