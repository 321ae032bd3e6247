package io.bootcloud.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSimulatorTest {

  private static final LocalDate START = LocalDate.of(2026, 1, 1);

  private static String digest(Path root) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        md.update(root.relativize(p).toString().getBytes());
        md.update(Files.readAllBytes(p));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path tmp) throws Exception {
    SimulationConfig c = SimulationConfig.faulty(12, 2, 42, START);
    FleetSimulator.simulate(c, tmp.resolve("a"));
    FleetSimulator.simulate(c, tmp.resolve("b"));
    FleetSimulator.simulate(SimulationConfig.faulty(12, 2, 43, START), tmp.resolve("c"));
    assertThat(digest(tmp.resolve("a"))).isEqualTo(digest(tmp.resolve("b")));
    assertThat(digest(tmp.resolve("a"))).isNotEqualTo(digest(tmp.resolve("c")));
  }

  @Test
  void writesTheLandingLayoutAtomicallyWithGroundTruth(@TempDir Path tmp) throws IOException {
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.clean(5, 1, 7, START), tmp);
    List<String> names;
    try (Stream<Path> files = Files.walk(tmp)) {
      names = files.filter(Files::isRegularFile).map(p -> tmp.relativize(p).toString()).sorted().toList();
    }
    assertThat(names).contains("ground-truth.json", "registry/dt=2026-01-01/web-1.ndjson");
    assertThat(names).filteredOn(n -> n.startsWith("telemetry/"))
        .allMatch(n -> n.matches("telemetry/dt=2026-01-01/hr=\\d\\d/gw-[12]-\\d{6}\\.ndjson"));
    assertThat(names).noneMatch(n -> n.contains("/_") || n.contains("/."));
    assertThat(truth.verifiedDpp().get(START)).isNotEmpty();
    assertThat(truth.faults().values()).allMatch(v -> v == 0);
    assertThat(Files.readString(tmp.resolve("ground-truth.json"))).contains("\"verified_dpp\"");
  }
}
