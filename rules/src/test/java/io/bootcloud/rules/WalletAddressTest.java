package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WalletAddressTest {

  private static final String LOWER = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
  private static final String CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // EIP-55's own example

  @Test
  void inputMayUseEitherCaseOutputsOnlyLowerCase() {
    assertThat(WalletAddress.isAddress(LOWER)).isTrue();
    assertThat(WalletAddress.isAddress(CHECKSUMMED)).isTrue();
    assertThat(WalletAddress.isCanonical(LOWER)).isTrue();
    assertThat(WalletAddress.isCanonical(CHECKSUMMED)).isFalse();
  }

  @Test
  void refusesWrongLengthsPrefixesAndCharacters() {
    for (String bad : new String[] {null, "", "0x", LOWER.substring(0, 41), LOWER + "0", LOWER.substring(2),
        "0X" + LOWER.substring(2), " " + LOWER, LOWER + "\n", LOWER.replace('a', 'g'), "0x" + "\u0661".repeat(40)}) {
      assertThat(WalletAddress.isAddress(bad)).as(String.valueOf(bad)).isFalse();
      assertThat(WalletAddress.isCanonical(bad)).as(String.valueOf(bad)).isFalse();
    }
  }

  @Test
  void theSqlPatternAcceptsExactlyTheCanonicalForm() {
    java.util.regex.Pattern sql = java.util.regex.Pattern.compile(WalletAddress.CANONICAL_SQL_PATTERN);
    assertThat(sql.matcher(LOWER).find()).isTrue();
    assertThat(sql.matcher(CHECKSUMMED).find()).isFalse();
    assertThat(sql.matcher(LOWER + "0").find()).isFalse();
  }
}
