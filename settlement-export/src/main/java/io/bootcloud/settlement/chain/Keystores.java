package io.bootcloud.settlement.chain;

import io.bootcloud.core.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Signing keys come from Web3 Secret Storage (keystore) files only. The password is read from
 * a file or from {@code $BOOTCLOUD_KEYSTORE_PASSWORD}, never from the command line or config.
 */
public final class Keystores {

  public static final String PASSWORD_ENV = "BOOTCLOUD_KEYSTORE_PASSWORD";

  private Keystores() {}

  public static Credentials load(Path keystore, Path passwordFile) {
    if (keystore == null) {
      throw new UserException("a keystore file is needed (--keystore FILE)", UserException.EXIT_USAGE);
    }
    if (!Files.isRegularFile(keystore)) {
      throw new UserException("keystore " + keystore + " does not exist", UserException.EXIT_USAGE);
    }
    String password;
    try {
      if (passwordFile != null) {
        password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      } else if (System.getenv(PASSWORD_ENV) != null) {
        password = System.getenv(PASSWORD_ENV);
      } else {
        throw new UserException("the keystore password is read from --password-file FILE or $" + PASSWORD_ENV
            + "; neither is given", UserException.EXIT_USAGE);
      }
      return WalletUtils.loadCredentials(password, keystore.toFile());
    } catch (CipherException e) {
      throw new UserException("cannot unlock keystore " + keystore + ": wrong password or damaged file");
    } catch (IOException e) {
      throw new UserException("cannot read " + (passwordFile != null ? passwordFile + " or " : "") + keystore + ": "
          + e.getMessage());
    }
  }
}
