package io.bootcloud.settlement.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.RootApproval;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/** The hand-rolled EIP-712 digest against web3j's independent typed-data encoder. */
class RootApprovalTest {

  @Test
  void digestMatchesWeb3jStructuredDataEncoder() throws Exception {
    RootApproval a = new RootApproval(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 20_455,
        "0x" + "12".repeat(32), new BigInteger("100000000000000000000000"), "0x" + "34".repeat(32));
    String json = """
        {"types": {
          "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                           {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
          "Approval": [{"name": "day", "type": "uint64"}, {"name": "root", "type": "bytes32"},
                       {"name": "cumulativeTotal", "type": "uint256"}, {"name": "manifestHash", "type": "bytes32"}]},
         "primaryType": "Approval",
         "domain": {"name": "BootCloudRewardDistributor", "version": "1", "chainId": 31337,
                    "verifyingContract": "0x5FbDB2315678afecb367f032d93F642f64180aa3"},
         "message": {"day": 20455, "root": "0x%s", "cumulativeTotal": "100000000000000000000000",
                     "manifestHash": "0x%s"}}
        """.formatted("12".repeat(32), "34".repeat(32));
    byte[] expected = new StructuredDataEncoder(json).hashStructuredData();
    assertThat(Numeric.toHexString(a.digest())).isEqualTo(Numeric.toHexString(expected));

    Credentials key = Credentials.create("0x" + "0".repeat(63) + "7");
    String sig = ApprovalSignatures.sign(a, key);
    assertThat(Numeric.hexStringToByteArray(sig)).hasSize(65);
    assertThat(ApprovalSignatures.recover(a, sig)).isEqualTo(key.getAddress());
    RootApproval other = new RootApproval(31337, a.distributor(), 20_456, a.root(), a.cumulativeTotal(),
        a.manifestHash());
    assertThat(ApprovalSignatures.recover(other, sig)).isNotEqualTo(key.getAddress());
  }
}
