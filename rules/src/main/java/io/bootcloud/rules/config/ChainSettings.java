package io.bootcloud.rules.config;

import java.util.Optional;

/**
 * Where payouts settle: the chain, its RPC endpoint, the deployed contracts, how many
 * confirmations make a root settled, and the timelock a posted root waits before acceptance.
 * Addresses are empty until the contracts are deployed.
 */
public record ChainSettings(
    long chainId,
    String rpcUrl,
    Optional<String> tokenAddress,
    Optional<String> distributorAddress,
    int confirmations,
    long timelockSeconds,
    int treasuryThreshold) {}
