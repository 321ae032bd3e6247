package io.bootcloud.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootcloud sql-server}: Serve the warehouse over JDBC (Spark Thrift server on 127.0.0.1). */
@Command(name = "sql-server", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve the warehouse over JDBC (Spark Thrift server on 127.0.0.1).")
final class SqlServerCommand extends NotImplementedCommand {

  @Mixin GlobalOptions global;
  @Option(names = "--port", defaultValue = "10000", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port;

  @Override
  String trackedIn() {
    return "issue 6, orchestration and audit";
  }
}
