package io.bootcloud.cli;

import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.Deployment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What the {@code dev} module adds to the {@code bootcloud} command when it is on the class path
 * ({@code ./bootcloud}, the tests): {@code simulate}, {@code demo}, {@code bench} and
 * {@code deploy --dev} on a local anvil. The production jar ({@code cli/target/bootcloud.jar},
 * what spark-submit and the DAG run) does not ship it, so none of these exist there.
 */
public interface DevTools {

  /** The picocli command objects added as subcommands of {@code bootcloud}. */
  List<Object> commands();

  /**
   * {@code deploy --dev}: deploys BCT and the RewardDistributor on the local anvil chain with dev
   * keystores kept in {@code keysDir}, the distributor funded with the policy's mining cap
   * {@code fundUnits}, saying on {@code out} where the keys are.
   */
  Deployment deployDev(ChainClient chain, String rpcUrl, Path keysDir, int threshold, long timelockSeconds,
      long launchEpochSecond, java.math.BigInteger fundUnits, PrintWriter out) throws IOException;

  /** The dev tools on the class path, if any. */
  static Optional<DevTools> find() {
    return ServiceLoader.load(DevTools.class).findFirst();
  }
}
