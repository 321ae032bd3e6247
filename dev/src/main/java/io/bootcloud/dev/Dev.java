package io.bootcloud.dev;

import io.bootcloud.cli.DevTools;
import io.bootcloud.core.UserException;
import io.bootcloud.dev.chain.Anvil;
import io.bootcloud.dev.chain.DevTreasury;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.Deployment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The dev module's commands and {@code deploy --dev}, found by {@code bootcloud} through {@link DevTools}. */
public final class Dev implements DevTools {

  @Override
  public List<Object> commands() {
    return List.of(new SimulateCommand(), new DemoCommand(), new BenchCommand(), new ClusterCommand(),
        new S3ServerCommand(), new SyntheticDppCommand());
  }

  @Override
  public Deployment deployDev(ChainClient chain, String rpcUrl, Path keysDir, int threshold, long timelockSeconds,
      long launchEpochSecond, java.math.BigInteger fundUnits, PrintWriter out) throws IOException {
    if (chain.chainId() != Anvil.CHAIN_ID) {
      throw new UserException("deploy --dev is for the local anvil chain (" + Anvil.CHAIN_ID
          + ") only; the operations file names chain " + chain.chainId(), UserException.EXIT_USAGE);
    }
    DevTreasury.Keys keys = DevTreasury.ensure(keysDir);
    Deployment d = DevTreasury.deploy(chain, rpcUrl, keys, threshold, timelockSeconds, launchEpochSecond,
        fundUnits);
    out.printf("deploy: dev keystores in %s (password file %s): exporter, settler, treasury-1..3%n", keys.dir(),
        keys.passwordFile());
    return d;
  }
}
