package io.bootcloud.rules.config;

/**
 * The operational settings: where and how payouts settle, and when review flags a batch. Unlike
 * the {@link Ruleset} (the versioned reward policy whose {@code ruleset_version} every row
 * carries), these change without a new rules version: a new RPC endpoint, a redeployed contract
 * or another review threshold changes no amount anyone is paid. Loaded from the operations file
 * ({@code --operations}, {@code $BOOTCLOUD_OPERATIONS}, else the shipped local-anvil defaults).
 */
public record Operations(ChainSettings chain, ReviewThresholds review) {}
