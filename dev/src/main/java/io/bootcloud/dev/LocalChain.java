package io.bootcloud.dev;

import io.bootcloud.cli.DeployCommand;
import io.bootcloud.dev.chain.Anvil;
import io.bootcloud.dev.chain.DevTreasury;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.Deployment;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's chain: anvil with its state under {@code chainDir}, the dev keys, and BCT with the
 * RewardDistributor deployed once (a later run finds them by {@code deployment.json}); {@code lines}
 * says what was deployed. Closing it stops anvil.
 */
record LocalChain(Anvil anvil, ChainClient chain, DevTreasury.Keys keys, Deployment deployment, List<String> lines)
    implements AutoCloseable {

  static LocalChain start(Path chainDir, Ruleset ruleset, Operations ops, long timelock) throws Exception {
    Anvil anvil = Anvil.start(chainDir.resolve("anvil-state.json"), Duration.ofMillis(500));
    ChainClient chain = null;
    try {
      chain = new ChainClient(anvil.rpcUrl(), Anvil.CHAIN_ID);
      DevTreasury.Keys keys = DevTreasury.ensure(chainDir.resolve("dev-keys"));
      List<String> lines = new ArrayList<>();
      Deployment deployment = Deployment.read(chainDir.resolve(Deployment.FILE));
      if (deployment == null || !chain.hasCode(deployment.distributor())) {
        deployment = DevTreasury.deploy(chain, anvil.rpcUrl(), keys, ops.chain().treasuryThreshold(), timelock,
            DeployCommand.launch(ruleset), ruleset.miningCapUnits());
        lines.add("deployed BCT " + deployment.token() + " and RewardDistributor " + deployment.distributor());
        lines.addAll(DeployCommand.allocationLines(RewardDistributorContract.at(chain, deployment.distributor())));
      } else {
        deployment = new Deployment(deployment.chainId(), anvil.rpcUrl(), deployment.token(), deployment.distributor(),
            deployment.owner(), deployment.guardian(), deployment.signers(), deployment.threshold(),
            deployment.timelockSeconds());
        lines.add("RewardDistributor " + deployment.distributor() + " already deployed");
      }
      deployment.write(chainDir.resolve(Deployment.FILE));
      return new LocalChain(anvil, chain, keys, deployment, List.copyOf(lines));
    } catch (Exception | Error e) {
      if (chain != null) {
        chain.close();
      }
      anvil.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      chain.close();
    } finally {
      anvil.close();
    }
  }
}
