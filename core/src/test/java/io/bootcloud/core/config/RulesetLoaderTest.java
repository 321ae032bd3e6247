package io.bootcloud.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.rules.config.DppSource;
import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import io.bootcloud.rules.config.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetLoaderTest {

  private static String defaultText() throws IOException {
    try (InputStream in = RulesetLoader.class.getResourceAsStream(RulesetLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String operationsText() throws IOException {
    try (InputStream in = RulesetLoader.class.getResourceAsStream(RulesetLoader.DEFAULT_OPERATIONS)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static UserException operationsErrorFor(String yaml) {
    try {
      RulesetLoader.parseOperations(yaml, "ops.yaml");
    } catch (UserException e) {
      return e;
    }
    throw new AssertionError("expected the operations file to be refused");
  }

  private static UserException errorFor(String yaml) {
    try {
      RulesetLoader.parse(yaml, "test.yaml");
    } catch (UserException e) {
      return e;
    }
    throw new AssertionError("expected the ruleset to be refused:\n" + yaml);
  }

  @Test
  void defaultRulesetCarriesTheWhitepaperNumbers() {
    Ruleset r = RulesetLoader.loadDefault();
    // 45,240,000 BCT = 52% of 87,000,000 (§7), in 10^18 base units.
    assertThat(r.miningCapUnits()).isEqualTo(new BigInteger("45240000000000000000000000"));
    assertThat(new BigInteger("87000000").multiply(BigInteger.valueOf(52)).divide(BigInteger.valueOf(100)))
        .isEqualTo(new BigInteger("45240000"));
    assertThat(r.initialDailyEmissionUnits()).isEqualTo(new BigInteger("100000000000000000000000"));
    assertThat(r.pools()).isEqualTo(new PoolShares(50, 40, 10));
    assertThat(r.emptyPoolPolicy()).isEqualTo(EmptyPoolPolicy.CARRY);
    assertThat(r.dppSource()).isEqualTo(DppSource.SHARES);
    assertThat(r.gracePeriod()).isEqualTo(Duration.ofHours(2));
    assertThat(r.launchDay()).isEqualTo(LocalDate.of(2026, 1, 1));
  }

  @Test
  void theShippedOperationsTargetALocalAnvil() {
    io.bootcloud.rules.config.Operations ops = RulesetLoader.loadOperations(null);
    assertThat(ops.chain().chainId()).isEqualTo(31337L);
    assertThat(ops.chain().rpcUrl()).isEqualTo("http://127.0.0.1:8545");
    assertThat(ops.chain().distributorAddress()).isEmpty();
    assertThat(ops.chain().confirmations()).isEqualTo(2);
    assertThat(ops.chain().treasuryThreshold()).isEqualTo(2);
    assertThat(ops.review().maxTopRecipientPercent()).isEqualTo(5);
  }

  /** Operational settings change without a new rules version: they are refused in a ruleset, named where they go. */
  @Test
  void chainAndReviewSettingsBelongToTheOperationsFileNotARuleset(@TempDir Path dir) throws IOException {
    for (String section : new String[] {"chain:\n  chain_id: 1\n", "review:\n  top_recipients: 3\n"}) {
      String message = errorFor(defaultText() + "\n" + section).getMessage();
      assertThat(message).contains("ruleset test.yaml: '" + section.substring(0, section.indexOf(':')) + "' is an "
          + "operational setting").contains("--operations FILE").contains("$" + RulesetLoader.OPERATIONS_ENV);
    }
    Path file = dir.resolve("ops.yaml");
    Files.writeString(file, operationsText().replace("http://127.0.0.1:8545", "https://rpc.example.org")
        .replace("confirmations: 2", "confirmations: 12"));
    io.bootcloud.rules.config.Operations ops = RulesetLoader.loadOperations(file);
    assertThat(ops.chain().rpcUrl()).isEqualTo("https://rpc.example.org");
    assertThat(ops.chain().confirmations()).isEqualTo(12);
    assertThatThrownBy(() -> RulesetLoader.loadOperations(dir.resolve("missing.yaml")))
        .isInstanceOf(UserException.class).hasMessageContaining("operations file").hasMessageContaining("does not exist");
  }

  @Test
  void settlementDayRunsFromMidnightToMidnightInThePolicyTimeZone() throws IOException {
    Ruleset utc = RulesetLoader.loadDefault();
    assertThat(utc.dayStart(LocalDate.of(2026, 3, 29))).isEqualTo(java.time.Instant.parse("2026-03-29T00:00:00Z"));
    assertThat(utc.dayEnd(LocalDate.of(2026, 3, 29))).isEqualTo(java.time.Instant.parse("2026-03-30T00:00:00Z"));
    // Berlin moves its clocks forward on 2026-03-29: that settlement day is 23 hours long.
    Ruleset berlin = RulesetLoader.parse(defaultText().replace("time_zone: \"UTC\"", "time_zone: \"Europe/Berlin\""),
        "test.yaml");
    assertThat(berlin.dayStart(LocalDate.of(2026, 3, 29))).isEqualTo(java.time.Instant.parse("2026-03-28T23:00:00Z"));
    assertThat(berlin.dayEnd(LocalDate.of(2026, 3, 29))).isEqualTo(java.time.Instant.parse("2026-03-29T22:00:00Z"));
  }

  @Test
  void loadsAFileAndNamesItWhenMissing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("r.yaml");
    Files.writeString(file, defaultText().replace("ruleset_version: \"2026.1\"", "ruleset_version: \"test-7\""));
    assertThat(RulesetLoader.load(file).rulesetVersion()).isEqualTo("test-7");
    assertThatThrownBy(() -> RulesetLoader.load(dir.resolve("nope.yaml")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("nope.yaml does not exist");
  }

  @Test
  void refusesAPoolPercentOutOfRangeNamingKeyAndValue() throws IOException {
    UserException e = errorFor(defaultText().replace("a_percent: 50", "a_percent: 120"));
    assertThat(e.getMessage())
        .isEqualTo("ruleset test.yaml: 'pools.a_percent' is set to 120 but must be an integer between 0 and 100");
    assertThat(e.exitCode()).isEqualTo(UserException.EXIT_USAGE);
  }

  @Test
  void refusesPoolsThatDoNotSumToAHundred() throws IOException {
    assertThat(errorFor(defaultText().replace("d_percent: 10", "d_percent: 11")).getMessage())
        .contains("'pools.a_percent' + 'pools.bc_percent' + 'pools.d_percent' is 50+40+11=101 but must be 100");
  }

  @Test
  void refusesAnUnknownPolicyListingTheChoices() throws IOException {
    assertThat(errorFor(defaultText().replace("empty_pool_policy: carry", "empty_pool_policy: burn")).getMessage())
        .isEqualTo("ruleset test.yaml: 'empty_pool_policy' is set to \"burn\" but must be one of carry | redistribute");
  }

  @Test
  void refusesABadDateZoneAndDuration() throws IOException {
    assertThat(errorFor(defaultText().replace("\"2026-01-01\"", "\"2026-02-30\"")).getMessage())
        .contains("'launch_day' is set to \"2026-02-30\" but must be a date YYYY-MM-DD");
    assertThat(errorFor(defaultText().replace("time_zone: \"UTC\"", "time_zone: \"Mars/Olympus\"")).getMessage())
        .contains("'time_zone' is set to \"Mars/Olympus\"");
    assertThat(errorFor(defaultText().replace("grace_period: \"PT2H\"", "grace_period: \"2 hours\"")).getMessage())
        .contains("'grace_period' is set to \"2 hours\" but must be an ISO-8601 duration");
  }

  @Test
  void refusesACapThatIsNotAWholeNumberOfBaseUnits() throws IOException {
    assertThat(errorFor(defaultText().replace("mining_cap_bct: 45240000", "mining_cap_bct: 0.0000000000000000001")).getMessage())
        .contains("'mining_cap_bct' is set to 0.0000000000000000001 but must be a positive amount of BCT with at most 18 decimals");
    assertThat(errorFor(defaultText().replace("mining_cap_bct: 45240000", "mining_cap_bct: -5")).getMessage())
        .contains("'mining_cap_bct' is set to -5");
  }

  @Test
  void refusesASuspectRatioAtOrBelowOne() throws IOException {
    assertThat(errorFor(defaultText().replace("suspect_ratio: 1.5", "suspect_ratio: 1")).getMessage())
        .contains("'suspect_ratio' is set to 1 but must be > 1");
  }

  @Test
  void refusesABadAddressAndUrl() throws IOException {
    assertThat(operationsErrorFor(operationsText().replace("token_address: \"\"", "token_address: \"0x123\""))
        .getMessage()).contains("operations ops.yaml: 'chain.token_address' is set to \"0x123\"");
    assertThat(operationsErrorFor(operationsText().replace("\"http://127.0.0.1:8545\"", "\"ftp://x\"")).getMessage())
        .contains("'chain.rpc_url' is set to \"ftp://x\" but must be an http(s) or ws(s) URL");
  }

  @Test
  void refusesUnknownAndMissingKeys() throws IOException {
    assertThat(errorFor(defaultText() + "\nsuspect_ration: 2\n").getMessage())
        .contains("unknown key 'suspect_ration'");
    assertThat(operationsErrorFor(operationsText().replace("  confirmations: 2\n",
        "  confirmations: 2\n  confirmation: 3\n")).getMessage())
        .contains("unknown key 'chain.confirmation'").contains("the keys an operations file may hold");
    assertThat(errorFor(defaultText().replace("dpp_source: shares\n", "")).getMessage())
        .contains("'dpp_source' is missing");
  }

  @Test
  void refusesTextThatIsNotAMapping() {
    assertThat(errorFor("- a\n- b\n").getMessage()).contains("expected a YAML mapping");
    assertThat(errorFor("a: [unclosed\n").getMessage()).contains("not valid YAML");
  }

  @Test
  void everyErrorIsOneLine() throws IOException {
    for (String yaml : new String[] {"a: [unclosed\n", defaultText().replace("a_percent: 50", "a_percent: x")}) {
      assertThat(errorFor(yaml).getMessage()).doesNotContain("\n");
    }
  }
  @Test
  void refusesAnOversizedFileBeforeParsingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, defaultText() + "# " + "x".repeat(RulesetLoader.MAX_BYTES) + "\n");
    long start = System.nanoTime();
    assertThatThrownBy(() -> RulesetLoader.load(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("big.yaml is " + Files.size(file) + " bytes; a ruleset may hold at most "
            + RulesetLoader.MAX_BYTES);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(errorFor(defaultText() + "# " + "x".repeat(RulesetLoader.MAX_BYTES) + "\n").getMessage())
        .contains("a ruleset may hold at most " + RulesetLoader.MAX_BYTES + " bytes");
  }

  @Test
  void namesADuplicatedKey() throws IOException {
    UserException e = errorFor(defaultText().replace("suspect_ratio: 1.5", "suspect_ratio: 1.5\nsuspect_ratio: 3"));
    assertThat(e.getMessage()).contains("'suspect_ratio' is set twice").doesNotContain("missing");
    assertThat(operationsErrorFor(operationsText().replace("  confirmations: 2\n",
        "  confirmations: 2\n  confirmations: 3\n")).getMessage())
        .contains("operations ops.yaml: 'chain.confirmations' is set twice");
  }

  @Test
  void refusesAmountsThatDoNotFitTheMoneyColumns() throws IOException {
    assertThat(errorFor(defaultText().replace("mining_cap_bct: 45240000", "mining_cap_bct: 1e400")).getMessage())
        .contains("'mining_cap_bct' is set to 1E+400 but must be at most 99999999999999999999 BCT");
    assertThat(errorFor(defaultText().replace("initial_daily_bct: 100000", "initial_daily_bct: 1e20")).getMessage())
        .contains("'emission.initial_daily_bct' is set to");
    // The largest amount a DECIMAL(38,0) column holds, in whole BCT, is accepted.
    assertThat(RulesetLoader.parse(defaultText().replace("mining_cap_bct: 45240000",
        "mining_cap_bct: 99999999999999999999"), "t").miningCapUnits().toString()).hasSize(38);
  }

  @Test
  void refusesAFileThatIsNotUtf8Text(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("garbage.yaml");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x9c, 0x41});
    assertThatThrownBy(() -> RulesetLoader.load(file))
        .isInstanceOf(UserException.class)
        .hasMessage("ruleset file " + file + " is not UTF-8 text (is it a YAML file?)")
        .extracting(t -> ((UserException) t).exitCode()).isEqualTo(UserException.EXIT_USAGE);
  }
  @Test
  void aDayIsComputableFromItsEndPlusTheGracePeriodInThePolicyZone() throws IOException {
    Ruleset utc = RulesetLoader.loadDefault();
    assertThat(utc.computableFrom(LocalDate.of(2026, 3, 29))).isEqualTo(java.time.Instant.parse("2026-03-30T02:00:00Z"));
    Ruleset berlin = RulesetLoader.parse(defaultText().replace("time_zone: \"UTC\"", "time_zone: \"Europe/Berlin\"")
        .replace("grace_period: \"PT2H\"", "grace_period: \"PT30M\""), "test.yaml");
    // Berlin's 2026-03-29 ends at 22:00Z (summer time began that day); 30 minutes of grace follow.
    assertThat(berlin.computableFrom(LocalDate.of(2026, 3, 29))).isEqualTo(java.time.Instant.parse("2026-03-29T22:30:00Z"));
  }
}
