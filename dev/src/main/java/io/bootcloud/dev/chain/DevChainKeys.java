package io.bootcloud.dev.chain;

import java.util.List;
import org.web3j.crypto.Credentials;

/**
 * DEV-CHAIN TEST KEYS ONLY. These are the first accounts anvil itself prints at start-up (its
 * public default mnemonic "test test test … junk"); they are known to everyone and hold value
 * on no real chain. They exist so the embedded default, the demo and the tests can deploy,
 * approve and settle on a local anvil. {@link #forChain(long)} refuses any other chain id.
 */
public final class DevChainKeys {

  private static final List<String> ANVIL_PUBLISHED_KEYS = List.of(
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
      "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
      "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

  private DevChainKeys() {}

  /** The published dev accounts, in anvil's order; only for anvil's chain id 31337. */
  public static List<Credentials> forChain(long chainId) {
    if (chainId != Anvil.CHAIN_ID) {
      throw new IllegalStateException("dev-chain keys are for the local anvil chain (id " + Anvil.CHAIN_ID
          + ") only, not chain " + chainId);
    }
    return ANVIL_PUBLISHED_KEYS.stream().map(Credentials::create).toList();
  }
}
