package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud export}: Build and sign the payout batch of a day (Merkle root, items file, manifest). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Build and sign the payout batch of a day (Merkle root, items file, manifest).")
final class ExportCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Option(names = "--keystore", paramLabel = "FILE", description = "Exporter Web3 keystore; password from $BOOTCLOUD_KEYSTORE_PASSWORD or --password-file.")
  java.nio.file.Path keystore;
  @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the keystore password.")
  java.nio.file.Path passwordFile;

  @Override
  String trackedIn() {
    return "issue 5, settlement";
  }
}
