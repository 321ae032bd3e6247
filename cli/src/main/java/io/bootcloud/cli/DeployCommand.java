package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.rules.TokenAllocation;
import io.bootcloud.rules.Units;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.Deployment;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.TeamVestingContract;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud deploy}: BCT and the RewardDistributor, allocated per §7, addresses recorded beside the lakehouse. */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Deploy BCT (87,000,000, allocated per whitepaper §7) and the RewardDistributor funded with the "
        + "reward policy's mining cap from the 52%% mining allocation, and record the addresses in "
        + "var/chain/deployment.json, where export, approve, settle, reconcile and claim find them. A recorded "
        + "deployment whose contract is on the chain is kept.")
public final class DeployCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin ChainOptions.Key key;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Ruleset YAML file or folder: the launch day and the mining cap the distributor is funded with.")
  Path config;

  @Mixin OperationsOption operations;

  @Option(names = "--rpc-url", paramLabel = "URL",
      description = "JSON-RPC endpoint (default: the operations' chain.rpc_url).")
  String rpcUrl;

  @Option(names = "--dev", description = "Local anvil only (chain 31337): anvil's published dev accounts deploy, "
      + "hold the §7 lines and guard; fresh dev keystores for the exporter and three treasury members are written "
      + "to var/chain/dev-keys/ (dev password file beside them).")
  boolean dev;

  @Option(names = "--signers", split = ",", paramLabel = "ADDR", description = "Treasury signer addresses.")
  List<String> signers;

  @Option(names = "--guardian", paramLabel = "ADDR", description = "May revoke a pending root and pause.")
  String guardian;

  @Option(names = "--holder", paramLabel = "LINE=ADDR", description = "Receiver of a §7 line: early_users, "
      + "foundation, private_placement, founding_team (repeat the option).")
  Map<String, String> holders;

  @Option(names = "--timelock", paramLabel = "SECONDS",
      description = "Seconds a posted root stays pending (default: the operations' chain.timelock_seconds).")
  Long timelock;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DevTools devTools = !dev ? null : DevTools.find().orElseThrow(() -> new UserException("deploy --dev needs the "
        + "dev module, which the production jar does not ship: run it through ./bootcloud", UserException.EXIT_USAGE));
    Ruleset ruleset = io.bootcloud.core.config.RulesetLoader.load(config);
    Operations ops = operations.load();
    String url = rpcUrl != null ? rpcUrl : ops.chain().rpcUrl();
    long lock = timelock != null ? timelock : ops.chain().timelockSeconds();
    PrintWriter w = spec.commandLine().getOut();
    Path file = ChainOptions.deploymentFile(global);
    try (ChainClient chain = new ChainClient(url, ops.chain().chainId())) {
      Deployment existing = Deployment.read(file);
      if (existing != null && existing.chainId() == ops.chain().chainId() && chain.hasCode(existing.distributor())) {
        w.printf("deploy: already deployed on chain %d: BCT %s, RewardDistributor %s (%s); nothing done%n",
            existing.chainId(), existing.token(), existing.distributor(), file);
        w.flush();
        return 0;
      }
      Deployment d;
      if (devTools != null) {
        d = devTools.deployDev(chain, url, file.resolveSibling("dev-keys"), ops.chain().treasuryThreshold(), lock,
            launch(ruleset), ruleset.miningCapUnits(), w);
      } else {
        if (signers == null || guardian == null || holders == null) {
          throw new UserException("deploy needs --signers, --guardian and --holder for each §7 line (or --dev on a "
              + "local anvil)", UserException.EXIT_USAGE);
        }
        var owner = key.load();
        RewardDistributorContract c = RewardDistributorContract.deploy(chain, owner, holders, owner.getAddress(),
            guardian, signers, ops.chain().treasuryThreshold(), lock, launch(ruleset), ruleset.miningCapUnits());
        d = new Deployment(chain.chainId(), url, c.token(), c.address(), owner.getAddress(), guardian, signers,
            ops.chain().treasuryThreshold(), lock);
      }
      d.write(file);
      w.printf("deploy: BCT %s, RewardDistributor %s on chain %d; %d-of-%d treasury, timelock %d s; recorded in %s%n",
          d.token(), d.distributor(), d.chainId(), d.threshold(), d.signers().size(), d.timelockSeconds(), file);
      allocationLines(RewardDistributorContract.at(chain, d.distributor())).forEach(l -> w.println("  " + l));
      w.flush();
    }
    return 0;
  }

  /** The launch day's first second: the founding team's lock counts from it (§7). */
  public static long launch(Ruleset ruleset) {
    return ruleset.dayStart(ruleset.launchDay()).getEpochSecond();
  }

  /**
   * The §7 allocation as BCT recorded it, one line per allocation line, the founding team's with its
   * vesting contract and release window; then the total against the token's supply.
   */
  public static List<String> allocationLines(RewardDistributorContract c) throws java.io.IOException {
    List<RewardDistributorContract.Allocation> lines;
    try {
      lines = c.allocations();
    } catch (java.io.IOException e) {
      return List.of("§7 allocation: not recorded on token " + c.token() + " (deployed by an earlier release)");
    }
    List<String> out = new java.util.ArrayList<>();
    java.math.BigInteger total = java.math.BigInteger.ZERO;
    for (RewardDistributorContract.Allocation a : lines) {
      total = total.add(a.amount());
      String where = a.line().equals(TokenAllocation.MINING.name()) ? "minted to " + a.holder()
          + ", funds RewardDistributor " + c.address() : "to " + a.holder();
      if (a.line().equals(TokenAllocation.FOUNDING_TEAM.name())) {
        TeamVestingContract v = new TeamVestingContract(c.chain(), a.holder());
        where = "to vesting contract " + a.holder() + " for " + v.beneficiary() + ": locked until "
            + java.time.Instant.ofEpochSecond(v.start()) + ", then linear until "
            + java.time.Instant.ofEpochSecond(v.start() + v.duration());
      }
      out.add(String.format("§7 %-17s %s %s", a.line(), Units.format(a.amount()), where));
    }
    out.add(String.format("§7 %-17s %s (token supply %s)", "total", Units.format(total),
        Units.format(c.totalSupply())));
    return out;
  }
}
