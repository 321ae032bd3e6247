package io.bootcloud.rules;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as the EVM computes it (not NIST SHA3-256), and the byte forms the payout rules
 * hash: 0x-hex strings and 32-byte big-endian words. The one engine-free dependency of the rules
 * (BouncyCastle's digest, which web3j uses as well).
 */
public final class Keccak {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Keccak() {}

  /** keccak256 of the concatenated {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    KeccakDigest digest = new KeccakDigest(256);
    for (byte[] p : parts) {
      digest.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** {@code 0x} followed by the bytes in lower-case hex. */
  public static String hex(byte[] bytes) {
    char[] out = new char[2 + bytes.length * 2];
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < bytes.length; i++) {
      out[2 + 2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[3 + 2 * i] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** The bytes of a hex string, with or without {@code 0x}; an odd length gets a leading zero nibble. */
  public static byte[] bytes(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() % 2 == 1) {
      h = "0" + h;
    }
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(h.charAt(2 * i), 16);
      int lo = Character.digit(h.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not hex: " + hex);
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  /** {@code v} (0 ≤ v < 2^256) as a 32-byte big-endian word, as {@code abi.encode} lays out a uint256. */
  public static byte[] word(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + v);
    }
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, 32 - len, len);
    return out;
  }
}
