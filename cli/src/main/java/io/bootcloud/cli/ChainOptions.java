package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.rules.WalletAddress;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.settlement.chain.Deployment;
import io.bootcloud.settlement.chain.Keystores;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that talk to the chain or sign: where the distributor is, and which key. */
final class ChainOptions {

  @Mixin OperationsOption operations;

  @Option(names = "--distributor", paramLabel = "ADDRESS",
      description = "RewardDistributor address (default: the operations' chain.distributor_address).")
  String distributor;

  @Option(names = "--rpc-url", paramLabel = "URL",
      description = "Ethereum JSON-RPC endpoint (default: the operations' chain.rpc_url).")
  String rpcUrl;

  /** The distributor address, or a usage error naming where to set it. */
  String distributor(Operations ops, String command, GlobalOptions global) {
    String target = optionalDistributor(ops, global);
    if (target.isEmpty()) {
      throw new UserException(command + " needs the RewardDistributor address: pass --distributor, set "
          + "chain.distributor_address in the operations file, or run 'bootcloud deploy' (which records it in "
          + deploymentFile(global) + ")", UserException.EXIT_USAGE);
    }
    return target;
  }

  /** {@code var/chain/deployment.json}: beside the lakehouse, where {@code bootcloud deploy} records addresses. */
  static Path deploymentFile(GlobalOptions global) {
    return global.resolveLakehouse().root().resolveSibling("chain").resolve(Deployment.FILE);
  }

  /** The recorded deployment for the operations' chain, or null. */
  static Deployment deployment(Operations ops, GlobalOptions global) {
    Deployment d = Deployment.read(deploymentFile(global));
    return d != null && d.chainId() == ops.chain().chainId() ? d : null;
  }

  /** The distributor address (flag, operations file, deployment record), or "" when none is configured. */
  String optionalDistributor(Operations ops, GlobalOptions global) {
    String target = distributor != null ? distributor : ops.chain().distributorAddress().orElse("");
    if (target.isEmpty() && deployment(ops, global) != null) {
      target = deployment(ops, global).distributor();
    }
    if (!target.isEmpty() && !WalletAddress.isAddress(target)) {
      throw new UserException("distributor address \"" + target + "\" is not a 0x-prefixed 20-byte address",
          UserException.EXIT_USAGE);
    }
    return target;
  }

  /**
   * The RPC endpoint: the flag, else the deployment record's (when it names the same distributor),
   * else the operations'.
   */
  String rpcUrl(Operations ops, GlobalOptions global) {
    if (rpcUrl != null) {
      return rpcUrl;
    }
    Deployment d = deployment(ops, global);
    if (d != null && ops.chain().distributorAddress().isEmpty() && distributor == null) {
      return d.rpcUrl();
    }
    return ops.chain().rpcUrl();
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
