package io.bootcloud.rules;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a treasury signer approves for one day: the EIP-712 typed data
 * {@code Approval(uint64 day, bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash)} in
 * the domain {@code BootCloudRewardDistributor} / {@code 1} / chain id / distributor address —
 * the digest {@code RewardDistributor.approvalDigest} computes and {@code postRoot} verifies.
 * {@code day} is the settlement day as days since 1970-01-01 (Java's {@code toEpochDay}).
 * Signing and recovering a signer are secp256k1 work and live with the chain code
 * (settlement's {@code ApprovalSignatures}); the digest is the rule.
 */
public record RootApproval(long chainId, String distributor, long day, String root, BigInteger cumulativeTotal,
    String manifestHash) {

  public static final String DOMAIN_NAME = "BootCloudRewardDistributor";
  public static final String DOMAIN_VERSION = "1";
  public static final String TYPE = "Approval(uint64 day,bytes32 root,uint256 cumulativeTotal,bytes32 manifestHash)";
  private static final String DOMAIN_TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-f]{64}");

  public RootApproval {
    if (!WalletAddress.isAddress(distributor)) {
      throw new IllegalArgumentException("distributor " + distributor + " is not an address");
    }
    if (!BYTES32.matcher(root).matches() || !BYTES32.matcher(manifestHash).matches()) {
      throw new IllegalArgumentException("root and manifest hash must be lower-case 0x-prefixed 32-byte hex");
    }
    if (day < 0 || cumulativeTotal.signum() < 0) {
      throw new IllegalArgumentException("day and cumulative total must not be negative");
    }
  }

  /** The 32-byte digest to sign: keccak256(0x1901 ‖ domainSeparator ‖ structHash). */
  public byte[] digest() {
    byte[] domain = Keccak.hash(utf8Hash(DOMAIN_TYPE), utf8Hash(DOMAIN_NAME), utf8Hash(DOMAIN_VERSION),
        Keccak.word(BigInteger.valueOf(chainId)), Keccak.word(new BigInteger(1, Keccak.bytes(distributor))));
    byte[] struct = Keccak.hash(utf8Hash(TYPE), Keccak.word(BigInteger.valueOf(day)), Keccak.bytes(root),
        Keccak.word(cumulativeTotal), Keccak.bytes(manifestHash));
    return Keccak.hash(new byte[] {0x19, 0x01}, domain, struct);
  }

  private static byte[] utf8Hash(String s) {
    return Keccak.hash(s.getBytes(StandardCharsets.UTF_8));
  }
}
