package io.bootcloud.settlement.batch;

import io.bootcloud.rules.RootApproval;
import java.io.ByteArrayOutputStream;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** secp256k1 signatures over a {@link RootApproval}'s EIP-712 digest: what exporter and treasury sign. */
public final class ApprovalSignatures {

  private ApprovalSignatures() {}

  /** A 65-byte signature (r ‖ s ‖ v, v = 27 or 28) of the approval's digest, as 0x hex. */
  public static String sign(RootApproval approval, Credentials signer) {
    Sign.SignatureData s = Sign.signMessage(approval.digest(), signer.getEcKeyPair(), false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(s.getR());
    out.writeBytes(s.getS());
    out.writeBytes(s.getV());
    return Numeric.toHexString(out.toByteArray());
  }

  /** The lower-case address that produced {@code signature} over {@code approval}. */
  public static String recover(RootApproval approval, String signature) {
    byte[] sig = Numeric.hexStringToByteArray(signature);
    if (sig.length != 65) {
      throw new IllegalArgumentException("a signature is 65 bytes, got " + sig.length);
    }
    Sign.SignatureData data = new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32),
        Arrays.copyOfRange(sig, 32, 64));
    try {
      return "0x" + Keys.getAddress(Sign.signedMessageHashToKey(approval.digest(), data));
    } catch (SignatureException e) {
      throw new IllegalArgumentException("signature does not verify: " + e.getMessage(), e);
    }
  }
}
