package io.bootcloud.settlement.domain;

import io.bootcloud.rules.WalletAddress;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * What a treasury signer approves for one day: the EIP-712 typed data
 * {@code Approval(uint64 day, bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash)} in
 * the domain {@code BootCloudRewardDistributor} / {@code 1} / chain id / distributor address —
 * the digest {@code RewardDistributor.approvalDigest} computes and {@code postRoot} verifies.
 * {@code day} is the settlement day as days since 1970-01-01 (Java's {@code toEpochDay}).
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
    byte[] domain = Hash.sha3(concat(Hash.sha3(DOMAIN_TYPE.getBytes(StandardCharsets.UTF_8)),
        Hash.sha3(DOMAIN_NAME.getBytes(StandardCharsets.UTF_8)), Hash.sha3(DOMAIN_VERSION.getBytes(StandardCharsets.UTF_8)),
        word(BigInteger.valueOf(chainId)), word(Numeric.toBigInt(distributor))));
    byte[] struct = Hash.sha3(concat(Hash.sha3(TYPE.getBytes(StandardCharsets.UTF_8)), word(BigInteger.valueOf(day)),
        Numeric.hexStringToByteArray(root), word(cumulativeTotal), Numeric.hexStringToByteArray(manifestHash)));
    return Hash.sha3(concat(new byte[] {0x19, 0x01}, domain, struct));
  }

  /** A 65-byte signature (r ‖ s ‖ v, v = 27 or 28) of {@link #digest()}, as 0x hex. */
  public String sign(Credentials signer) {
    Sign.SignatureData s = Sign.signMessage(digest(), signer.getEcKeyPair(), false);
    return Numeric.toHexString(concat(s.getR(), s.getS(), s.getV()));
  }

  /** The lower-case address that produced {@code signature} over this approval. */
  public String recover(String signature) {
    byte[] sig = Numeric.hexStringToByteArray(signature);
    if (sig.length != 65) {
      throw new IllegalArgumentException("a signature is 65 bytes, got " + sig.length);
    }
    Sign.SignatureData data = new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32),
        Arrays.copyOfRange(sig, 32, 64));
    try {
      return "0x" + Keys.getAddress(Sign.signedMessageHashToKey(digest(), data));
    } catch (SignatureException e) {
      throw new IllegalArgumentException("signature does not verify: " + e.getMessage(), e);
    }
  }

  private static byte[] word(BigInteger v) {
    return Numeric.toBytesPadded(v, 32);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
