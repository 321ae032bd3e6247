package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.rules.WalletAddress;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.chain.Keystores;
import io.bootcloud.settlement.chain.Deployment;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/** Options of the commands that talk to the chain or sign: where the distributor is, and which key. */
final class ChainOptions {

  @Option(names = "--distributor", paramLabel = "ADDRESS",
      description = "RewardDistributor address (default: the ruleset's chain.distributor_address).")
  String distributor;

  @Option(names = "--rpc-url", paramLabel = "URL",
      description = "Ethereum JSON-RPC endpoint (default: the ruleset's chain.rpc_url).")
  String rpcUrl;

  /** The distributor address, or a usage error naming where to set it. */
  String distributor(Ruleset ruleset, String command, GlobalOptions global) {
    String target = optionalDistributor(ruleset, global);
    if (target.isEmpty()) {
      throw new UserException(command + " needs the RewardDistributor address: pass --distributor, set "
          + "chain.distributor_address in the ruleset, or run 'bootcloud deploy' (which records it in "
          + deploymentFile(global) + ")", UserException.EXIT_USAGE);
    }
    return target;
  }

  /** {@code var/chain/deployment.json}: beside the lakehouse, where {@code bootcloud deploy} records addresses. */
  static Path deploymentFile(GlobalOptions global) {
    return global.resolveLakehouse().root().resolveSibling("chain").resolve(Deployment.FILE);
  }

  /** The recorded deployment for the ruleset's chain, or null. */
  static Deployment deployment(Ruleset ruleset, GlobalOptions global) {
    Deployment d = Deployment.read(deploymentFile(global));
    return d != null && d.chainId() == ruleset.chain().chainId() ? d : null;
  }

  /** The distributor address (flag, then ruleset, then the deployment record), or "" when none is configured. */
  String optionalDistributor(Ruleset ruleset, GlobalOptions global) {
    String target = distributor != null ? distributor : ruleset.chain().distributorAddress().orElse("");
    if (target.isEmpty() && deployment(ruleset, global) != null) {
      target = deployment(ruleset, global).distributor();
    }
    if (!target.isEmpty() && !WalletAddress.isAddress(target)) {
      throw new UserException("distributor address \"" + target + "\" is not a 0x-prefixed 20-byte address",
          UserException.EXIT_USAGE);
    }
    return target;
  }

  /** The RPC endpoint: the flag, else the deployment record's (when it names the same distributor), else the ruleset's. */
  String rpcUrl(Ruleset ruleset, GlobalOptions global) {
    if (rpcUrl != null) {
      return rpcUrl;
    }
    Deployment d = deployment(ruleset, global);
    if (d != null && ruleset.chain().distributorAddress().isEmpty() && distributor == null) {
      return d.rpcUrl();
    }
    return ruleset.chain().rpcUrl();
  }

  /** Signing key options: a Web3 keystore and where its password comes from. */
  static final class Key {
    @Option(names = "--keystore", paramLabel = "FILE",
        description = "Web3 keystore file; password from --password-file or $BOOTCLOUD_KEYSTORE_PASSWORD.")
    Path keystore;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the keystore password.")
    Path passwordFile;

    Credentials load() {
      return Keystores.load(keystore, passwordFile);
    }
  }

  /** The export folder option shared by export, approve and settle. */
  static final class Exports {
    @Option(names = "--exports", paramLabel = "DIR",
        description = "Export folder (default: var/exports beside the lakehouse).")
    Path exports;

    Path resolve(GlobalOptions global) {
      return exports != null ? exports : global.resolveLakehouse().root().resolveSibling("exports");
    }
  }
}
