package io.bootcloud.rules;

import java.util.regex.Pattern;

/**
 * The one definition of a wallet address: {@code 0x} and 20 bytes as 40 hex digits. Input (telemetry,
 * rulesets, command-line options) may use either case; every table, payout batch and Merkle leaf
 * holds the canonical lower-case form. The EIP-55 checksum of mixed-case input is checked where
 * input is parsed (it needs Keccak, which this module does not carry).
 */
public final class WalletAddress {

  /** The canonical (stored) form as a SQL {@code RLIKE} pattern, for table CHECK constraints. */
  public static final String CANONICAL_SQL_PATTERN = "^0x[0-9a-f]{40}$";

  private static final Pattern ANY_CASE = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern CANONICAL = Pattern.compile("0x[0-9a-f]{40}");

  private WalletAddress() {}

  /** Whether {@code s} is an address in either case (what input may carry). */
  public static boolean isAddress(String s) {
    return s != null && ANY_CASE.matcher(s).matches();
  }

  /** Whether {@code s} is an address in its canonical lower-case form (what outputs must carry). */
  public static boolean isCanonical(String s) {
    return s != null && CANONICAL.matcher(s).matches();
  }
}
