package io.bootcloud.dev.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTreasuryTest {

  private static List<Path> secrets(DevTreasury.Keys keys) {
    List<Path> files = new ArrayList<>(List.of(keys.passwordFile(), keys.exporter(), keys.settler()));
    files.addAll(keys.treasury());
    return files;
  }

  @Test
  void keystoresAndThePasswordFileAreOwnerOnly(@TempDir Path dir) throws IOException {
    DevTreasury.Keys keys = DevTreasury.ensure(dir.resolve("dev-keys"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.dir()))).isEqualTo("rwx------");
    for (Path f : secrets(keys)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
          .isEqualTo("rw-------");
    }
    assertThat(keys.load(keys.exporter()).getAddress()).startsWith("0x");
  }

  @Test
  void worldReadableKeysOfAnEarlierReleaseAreMadeOwnerOnly(@TempDir Path dir) throws IOException {
    DevTreasury.Keys keys = DevTreasury.ensure(dir.resolve("dev-keys"));
    String exporter = keys.load(keys.exporter()).getAddress();
    Files.setPosixFilePermissions(keys.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path f : secrets(keys)) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    }
    DevTreasury.Keys again = DevTreasury.ensure(dir.resolve("dev-keys"));
    assertThat(again.load(again.exporter()).getAddress()).isEqualTo(exporter);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(again.dir()))).isEqualTo("rwx------");
    for (Path f : secrets(again)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
          .isEqualTo("rw-------");
    }
  }
}
