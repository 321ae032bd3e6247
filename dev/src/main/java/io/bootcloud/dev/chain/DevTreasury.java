package io.bootcloud.dev.chain;

import io.bootcloud.dev.chain.Anvil;
import io.bootcloud.dev.chain.DevChainKeys;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.Deployment;
import io.bootcloud.settlement.chain.Keystores;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;

/**
 * DEV CHAIN ONLY: the keystores and the deployment the embedded default, the demo and the DAG
 * test use on a local anvil (chain 31337). The exporter and the three treasury members get fresh
 * random keys, written once as Web3 keystores under {@code var/chain/dev-keys/} with one dev
 * password file; the settler (who pays gas) and the deployer are anvil's own published dev
 * accounts. Nothing here is ever used for another chain id.
 */
public final class DevTreasury {

  /** The password of the dev keystores: a dev-chain convenience, written to the password file. */
  static final String DEV_PASSWORD = "bootcloud-dev-chain-only";

  /** The dev keystores: exporter, settler (gas payer) and three treasury members, one password file. */
  public record Keys(Path dir, Path passwordFile, Path exporter, Path settler, List<Path> treasury) {
    public Credentials load(Path keystore) {
      return Keystores.load(keystore, passwordFile);
    }
  }

  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private DevTreasury() {}

  /** Creates the dev keystores under {@code dir} unless they exist; returns them. */
  public static Keys ensure(Path dir) throws IOException {
    Files.createDirectories(dir);
    ownerOnly(dir, OWNER_DIR);
    Path password = dir.resolve("dev-password.txt");
    if (!Files.exists(password)) {
      Files.createFile(password, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      Files.writeString(password, DEV_PASSWORD + "\n", StandardCharsets.UTF_8);
    }
    ownerOnly(password, OWNER_FILE);
    List<Credentials> anvil = DevChainKeys.forChain(Anvil.CHAIN_ID);
    Path exporter = keystore(dir, "exporter.json", null);
    Path settler = keystore(dir, "settler.json", anvil.get(5).getEcKeyPair());
    List<Path> treasury = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      treasury.add(keystore(dir, "treasury-" + i + ".json", null));
    }
    return new Keys(dir, password, exporter, settler, treasury);
  }

  /**
   * Deploys BCT and the distributor on the local anvil: anvil's dev account 0 deploys and owns,
   * accounts 1-3 receive the §7 holder lines (account 3's founding-team line through the vesting
   * contract, locked from {@code launchEpochSecond}), account 4 is the guardian, the three dev treasury
   * members sign with {@code threshold}.
   */
  public static Deployment deploy(ChainClient chain, String rpcUrl, Keys keys, int threshold, long timelockSeconds,
      long launchEpochSecond, java.math.BigInteger fundUnits) throws IOException {
    List<Credentials> anvil = DevChainKeys.forChain(chain.chainId());
    List<String> signers = keys.treasury().stream().map(k -> keys.load(k).getAddress()).toList();
    RewardDistributorContract c = RewardDistributorContract.deploy(chain, anvil.get(0),
        Map.of("early_users", anvil.get(1).getAddress(), "foundation", anvil.get(2).getAddress(),
            "private_placement", anvil.get(3).getAddress(), "founding_team", anvil.get(3).getAddress()),
        anvil.get(0).getAddress(), anvil.get(4).getAddress(), signers, threshold, timelockSeconds, launchEpochSecond,
        fundUnits);
    return new Deployment(chain.chainId(), rpcUrl, c.token(), c.address(), anvil.get(0).getAddress(),
        anvil.get(4).getAddress(), signers, threshold, timelockSeconds);
  }

  /** Keys are readable by their owner only; files of an earlier release are tightened too. */
  private static void ownerOnly(Path p, Set<PosixFilePermission> permissions) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(p, permissions);
    }
  }

  private static Path keystore(Path dir, String name, ECKeyPair pair) throws IOException {
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      ownerOnly(target, OWNER_FILE);
      return target;
    }
    try {
      ECKeyPair key = pair != null ? pair : org.web3j.crypto.Keys.createEcKeyPair();
      // The directory is owner-only, so the keystore is never readable by others, even before its chmod.
      String file = WalletUtils.generateWalletFile(DEV_PASSWORD, key, dir.toFile(), false);
      ownerOnly(dir.resolve(file), OWNER_FILE);
      Files.move(dir.resolve(file), target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (java.security.GeneralSecurityException | org.web3j.crypto.exception.CipherException e) {
      throw new IOException("cannot create dev keystore " + target + ": " + e.getMessage(), e);
    }
  }
}
