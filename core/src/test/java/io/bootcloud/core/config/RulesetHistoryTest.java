package io.bootcloud.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.rules.config.LateWorkPolicy;
import io.bootcloud.rules.config.PoolShares;
import io.bootcloud.rules.config.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetHistoryTest {

  private static final LocalDate LAUNCH = LocalDate.of(2026, 1, 1);

  private static String launchVersion() throws IOException {
    try (InputStream in = RulesetLoader.class.getResourceAsStream(RulesetLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A folder with the launch version and one later version that changes only the pool split. */
  private static Path twoVersions(Path dir, String effective) throws IOException {
    Files.writeString(dir.resolve("2026.1.yaml"), launchVersion());
    Files.writeString(dir.resolve("2026.9.yaml"), "base: \"2026.1\"\nruleset_version: \"2026.9\"\n"
        + "effective_from: \"" + effective + "\"\npools:\n  a_percent: 40\n  bc_percent: 50\n");
    return dir;
  }

  @Test
  void eachDayTakesTheVersionInForceOnIt(@TempDir Path dir) throws IOException {
    RulesetHistory h = RulesetLoader.history(twoVersions(dir, "2026-03-01"));
    assertThat(h.versions()).extracting(Ruleset::rulesetVersion).containsExactly("2026.1", "2026.9");
    assertThat(h.forDay(LAUNCH).rulesetVersion()).isEqualTo("2026.1");
    assertThat(h.forDay(LocalDate.of(2026, 2, 28)).rulesetVersion()).isEqualTo("2026.1");
    assertThat(h.forDay(LocalDate.of(2026, 3, 1)).rulesetVersion()).isEqualTo("2026.9");
    assertThat(h.forDay(LocalDate.of(2031, 1, 1)).rulesetVersion()).isEqualTo("2026.9");
    assertThat(h.newest().rulesetVersion()).isEqualTo("2026.9");
  }

  @Test
  void aVersionWithABaseChangesOnlyWhatItSets(@TempDir Path dir) throws IOException {
    RulesetHistory h = RulesetLoader.history(twoVersions(dir, "2026-03-01"));
    Ruleset base = h.first();
    Ruleset later = h.newest();
    assertThat(later.pools()).isEqualTo(new PoolShares(40, 50, 10));
    assertThat(later.effectiveFrom()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(base.effectiveFrom()).isEqualTo(LAUNCH);
    // Everything else is the base's, nested sections key by key.
    assertThat(later.miningCapUnits()).isEqualTo(base.miningCapUnits());
    assertThat(later.limits()).isEqualTo(base.limits());
    assertThat(later.emptyPoolPolicy()).isEqualTo(base.emptyPoolPolicy());
  }

  @Test
  void aSingleFileIsForcedOnEveryDay(@TempDir Path dir) throws IOException {
    Path file = twoVersions(dir, "2026-03-01").resolve("2026.1.yaml");
    RulesetHistory h = RulesetLoader.history(file);
    assertThat(h.isForced()).isTrue();
    assertThat(h.forDay(LocalDate.of(2030, 1, 1)).rulesetVersion()).isEqualTo("2026.1");
  }

  @Test
  void theShippedHistoryStartsOnTheLaunchDayWithTheDefaultRules() {
    RulesetHistory h = RulesetLoader.shippedHistory();
    assertThat(h.first()).isEqualTo(RulesetLoader.loadDefault());
    assertThat(h.first().effectiveFrom()).isEqualTo(h.first().launchDay());
    assertThat(h.forDay(h.first().launchDay())).isEqualTo(h.first());
  }

  @Test
  void shippedVersion2026Point2ChangesOnlyTheLateWorkPolicyFromJuly() {
    RulesetHistory h = RulesetLoader.shippedHistory();
    assertThat(h.versions()).extracting(Ruleset::rulesetVersion).containsExactly("2026.1", "2026.2");
    Ruleset v1 = h.forDay(LocalDate.of(2026, 6, 30));
    Ruleset v2 = h.forDay(LocalDate.of(2026, 7, 1));
    assertThat(v1.rulesetVersion()).isEqualTo("2026.1");
    assertThat(v1.lateWork()).isEqualTo(LateWorkPolicy.KEEP);
    assertThat(v2.rulesetVersion()).isEqualTo("2026.2");
    assertThat(v2.lateWork()).isEqualTo(LateWorkPolicy.CREDIT_FIRST_OPEN_DAY);
    // Every other rule is 2026.1's.
    assertThat(new Ruleset("2026.2", v1.launchDay(), v1.timeZone(), v1.gracePeriod(), v1.miningCapUnits(),
        v1.initialDailyEmissionUnits(), v1.emissionDecayNumerator(), v1.emissionDecayDenominator(),
        v1.daysPerMiningYear(), v1.pools(), v1.emptyPoolPolicy(), v1.dppSource(), v1.suspectRatio(),
        v1.limits(), LocalDate.of(2026, 7, 1), LateWorkPolicy.CREDIT_FIRST_OPEN_DAY)).isEqualTo(v2);
  }

  @Test
  void refusesTwoVersionsOnOneDay(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> RulesetLoader.history(twoVersions(dir, "2026-01-01"))).isInstanceOf(UserException.class)
        .hasMessageContaining("versions 2026.1 and 2026.9 both take effect on 2026-01-01");
  }

  @Test
  void refusesAVersionThatMovesTheLaunchDay(@TempDir Path dir) throws IOException {
    twoVersions(dir, "2026-03-01");
    Files.writeString(dir.resolve("2026.9.yaml"), Files.readString(dir.resolve("2026.9.yaml"))
        + "launch_day: \"2025-06-01\"\n");
    assertThatThrownBy(() -> RulesetLoader.history(dir)).isInstanceOf(UserException.class)
        .hasMessageContaining("every version of a history keeps both");
  }

  @Test
  void refusesAHistoryWhoseOldestVersionStartsAfterLaunch(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("only.yaml"), launchVersion() + "effective_from: \"2026-02-01\"\n");
    assertThatThrownBy(() -> RulesetLoader.history(dir)).isInstanceOf(UserException.class)
        .hasMessageContaining("the days in between would have no rules");
  }

  @Test
  void refusesAnUnknownBaseAndABaseInASingleFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.yaml"), launchVersion());
    Files.writeString(dir.resolve("b.yaml"), "base: \"2025.7\"\nruleset_version: \"2026.9\"\n"
        + "effective_from: \"2026-03-01\"\n");
    assertThatThrownBy(() -> RulesetLoader.history(dir)).isInstanceOf(UserException.class)
        .hasMessageContaining("'base' is set to \"2025.7\" but no version of the folder is named so");
    assertThatThrownBy(() -> RulesetLoader.load(dir.resolve("b.yaml"))).isInstanceOf(UserException.class)
        .hasMessageContaining("give the folder with --config");
  }

  @Test
  void refusesAnEffectiveDayBeforeLaunch() throws IOException {
    assertThatThrownBy(() -> RulesetLoader.parse(launchVersion() + "effective_from: \"2025-12-31\"\n", "t.yaml"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'effective_from' is set to \"2025-12-31\" but must be on or after launch_day 2026-01-01");
  }
}
