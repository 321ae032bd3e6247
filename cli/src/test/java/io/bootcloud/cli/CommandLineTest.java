package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line contract: help, exit codes and one-line errors. No Spark is started here. */
class CommandLineTest {

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static final List<String> JOBS_WITH_A_DAY =
      List.of("ingest", "dpp", "rewards", "export", "review", "approve", "settle", "reconcile");

  @Test
  void topLevelHelpListsEveryJob() {
    Result r = run("--help");
    assertThat(r.exit()).isZero();
    for (String cmd : List.of("init", "ruleset", "simulate", "ingest", "dpp", "rewards", "export", "review",
        "approve", "settle", "reconcile", "claim", "sql", "sql-server", "demo", "bench")) {
      assertThat(r.out()).contains("  " + cmd + " ");
    }
    assertThat(r.out()).contains("Exit codes: 0 ok, 1 failed or refused, 2 usage or configuration error, 3 not");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String cmd : Main.commandLine().getSubcommands().keySet()) {
      if (cmd.equals("help")) {
        continue;
      }
      Result r = run(cmd, "--help");
      assertThat(r.exit()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).startsWith("Usage: bootcloud " + cmd);
    }
  }

  @Test
  void dayJobsRequireAValidDate() {
    for (String job : JOBS_WITH_A_DAY) {
      assertThat(run(job, "--help").out()).as(job).contains("--date=YYYY-MM-DD").contains("--config=FILE");
      Result missing = run(job);
      assertThat(missing.exit()).as(job).isEqualTo(2);
      assertThat(missing.err()).as(job).containsPattern("Missing required options?: '--date=YYYY-MM-DD'");
    }
    Result bad = run("dpp", "--date", "2026-13-01");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("bootcloud dpp: Invalid value for option '--date': "
        + "'2026-13-01' is not a valid date; expected YYYY-MM-DD, e.g. 2026-03-01 (see 'bootcloud dpp --help')");
  }

  @Test
  void unknownOptionIsAOneLineUsageError() {
    Result r = run("init", "--frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("bootcloud init: Unknown option: '--frobnicate'");
  }

  @Test
  void unbuiltJobsSaySoAndExitThree() {
    Result r = run("sql-server");
    assertThat(r.exit()).isEqualTo(Main.EXIT_NOT_IMPLEMENTED);
    assertThat(r.err().strip()).isEqualTo(
        "bootcloud sql-server: not implemented yet (issue 6, orchestration and audit); nothing was done.");
  }

  @Test
  void chainCommandsWithoutADeploymentNameWhereToGetOne(@TempDir Path dir) {
    Result r = run("claim", "--wallet", "0x0000000000000000000000000000000000000001", "--lakehouse",
        dir.resolve("lakehouse").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("claim needs the RewardDistributor address").contains("bootcloud deploy")
        .contains(dir.resolve("chain").resolve("deployment.json").toString());
    Result dev = run("deploy", "--dev", "--config", "/no/such/ruleset.yaml");
    assertThat(dev.exit()).isEqualTo(2);
  }

  @Test
  void exportWithoutDistributorOrPasswordIsAUsageError(@TempDir Path dir) throws Exception {
    Result r = run("export", "--date", "2026-03-01");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("chain.distributor_address");
    Path keystore = Files.writeString(dir.resolve("k.json"), "{}");
    Result noPassword = run("export", "--date", "2026-03-01", "--distributor", "0x" + "1".repeat(40),
        "--keystore", keystore.toString());
    assertThat(noPassword.exit()).isEqualTo(2);
    assertThat(noPassword.err().strip()).contains("--password-file").doesNotContain("Exception");
  }

  @Test
  void badRulesetIsOneLineNamingKeyAndValue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    String good = new String(CommandLineTest.class.getResourceAsStream(
        io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE).readAllBytes());
    Files.writeString(file, good.replace("dpp_source: shares", "dpp_source: vibes"));
    Result r = run("ruleset", "--config", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("'dpp_source' is set to \"vibes\" but must be one of shares | heartbeats");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void defaultRulesetPrints() {
    Result r = run("ruleset");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("ruleset_version     2026.1 (default)")
        .contains("pools               A 50% / BC 40% / D 10%")
        .contains("mining_cap          45240000000000000000000000 units");
  }

  @Test
  void versionNamesTheStack() {
    Result r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Spark 4.2.0").contains("Delta Lake 4.4.0");
  }
}
