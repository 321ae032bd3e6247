package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.core.spark.SharedMetastore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bootcloud services status|stop}: what bootcloud runs in the background for a lakehouse,
 * today the shared metastore server of the embedded default. It starts on demand with the first
 * command that needs it and stops by itself when the last one exits; {@code stop} is for a
 * server an operator wants gone at once.
 */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = {
      "Show or stop the background services of a lakehouse: the shared metastore server (Derby network server",
      "on 127.0.0.1) that bootcloud starts on demand and that stops by itself when no bootcloud process uses it."
    },
    subcommands = {ServicesCommand.Status.class, ServicesCommand.Stop.class})
final class ServicesCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Print the metastore server of the lakehouse, if one runs (exit 0 either way).")
  static final class Status implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Lakehouse lakehouse = global.resolveLakehouse();
      PrintWriter out = spec.commandLine().getOut();
      Optional<SharedMetastore.Server> server = SharedMetastore.status(lakehouse);
      out.println(server.map(s -> "metastore: running, " + s.describe())
          .orElse("metastore: not running (" + lakehouse.metastore() + "); the next bootcloud command starts it"));
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop the metastore server of the lakehouse; refused while bootcloud processes use it, unless --force.")
  static final class Stop implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--force", description = "Stop it even while bootcloud processes use it (they fail).")
    boolean force;

    @Override
    public Integer call() {
      Lakehouse lakehouse = global.resolveLakehouse();
      PrintWriter out = spec.commandLine().getOut();
      Optional<SharedMetastore.Server> server = SharedMetastore.status(lakehouse);
      if (server.isEmpty()) {
        out.println("metastore: not running (" + lakehouse.metastore() + ")");
        return 0;
      }
      if (!server.get().clients().isEmpty() && !force) {
        throw new UserException("the metastore server (pid " + server.get().pid() + ") is in use by bootcloud process"
            + (server.get().clients().size() == 1 ? " " : "es ") + server.get().clients() + "; it stops by itself when "
            + "they exit, or pass --force to stop it now");
      }
      SharedMetastore.stop(lakehouse, 30_000);
      out.println("metastore: stopped (pid " + server.get().pid() + ")");
      return 0;
    }
  }
}
