package io.bootcloud.cli;

import io.bootcloud.core.CodeVersion;
import io.bootcloud.core.UserException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The single {@code bootcloud} command: one subcommand per job of DESIGN.md, plus the dev
 * module's {@link DevTools} ({@code simulate}, {@code demo}, {@code bench}) when they are on the
 * class path. Exit codes: 0 ok, 1 a refused or failed operation, 2 a usage or configuration error.
 */
@Command(
    name = "bootcloud",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Boot Cloud Chain rewards engine: BootDisk telemetry -> daily DPP -> A-D classes",
      "-> BCT payouts, on Spark + Delta Lake, settled on-chain after treasury approval.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failed or refused, 2 usage or configuration error.",
      "Jobs take --date YYYY-MM-DD (the day they compute, never 'today') and --config FILE (ruleset).",
      "Run 'bootcloud COMMAND --help' for a command's options."
    },
    subcommands = {
      InitCommand.class,
      RulesetCommand.class,
      IngestCommand.class,
      DppCommand.class,
      RewardsCommand.class,
      BackfillCommand.class,
      DeployCommand.class,
      ExportCommand.class,
      ReviewCommand.class,
      ApproveCommand.class,
      SettleCommand.class,
      ReconcileCommand.class,
      ReplayCommand.class,
      ClaimCommand.class,
      SqlCommand.class,
      CatalogCommand.class,
      SqlServerCommand.class,
      ServicesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces and progress detail.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * The first OutOfMemoryError a thread died of (Spark's listener threads, a task thread of a
   * local master), as "OutOfMemoryError (message) in thread name"; null while none. Spark stops
   * the context when one of its threads runs out of heap, so the command then fails with an
   * unrelated error ("No active or default Spark session found") that this replaces.
   */
  private static final java.util.concurrent.atomic.AtomicReference<String> OUT_OF_MEMORY =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Records the first thread that dies of an OutOfMemoryError, then prints it as the JVM would. */
  static void watchForOutOfMemory() {
    if (Thread.getDefaultUncaughtExceptionHandler() instanceof OutOfMemoryWatch) {
      return;
    }
    Thread.setDefaultUncaughtExceptionHandler(new OutOfMemoryWatch(Thread.getDefaultUncaughtExceptionHandler()));
  }

  private record OutOfMemoryWatch(Thread.UncaughtExceptionHandler next) implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread t, Throwable e) {
      for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c instanceof OutOfMemoryError oom) {
          OUT_OF_MEMORY.compareAndSet(null, "OutOfMemoryError (" + oom.getMessage() + ") in thread " + t.getName());
          break;
        }
      }
      if (next != null) {
        next.uncaughtException(t, e);
      } else {
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace(System.err);
      }
    }
  }

  /** Forgets a recorded OutOfMemoryError (tests). */
  static void forgetOutOfMemory() {
    OUT_OF_MEMORY.set(null);
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    watchForOutOfMemory();
    CommandLine cl = commandLine();
    try {
      return cl.execute(args);
    } catch (Error e) {
      // picocli rethrows Errors (a missing class, out of memory): still one line unless --verbose.
      boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
      if (verbose) {
        e.printStackTrace(cl.getErr());
      }
      cl.getErr().println("bootcloud: fatal: " + e + (verbose ? "" : " (rerun with --verbose for the stack trace)"));
      cl.getErr().flush();
      return UserException.EXIT_FAILED;
    }
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    DevTools.find().ifPresent(dev -> dev.commands().forEach(cl::addSubcommand));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(Main::failure);
    return cl;
  }

  /** A usage error is one line naming the command and what was wrong; exit 2. */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
    err.flush();
    return UserException.EXIT_USAGE;
  }

  private static int failure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    boolean verbose = cmd.getCommandSpec().root().userObject() instanceof Main m && m.verbose;
    Throwable cause = ex;
    while (!(cause instanceof UserException) && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    if (cause instanceof UserException user) {
      err.println(name + ": error: " + user.getMessage());
      err.flush();
      return user.exitCode();
    }
    err.println(failureLine(name, ex, verbose));
    err.flush();
    return UserException.EXIT_FAILED;
  }

  /** The one line of a command that failed with {@code ex}, not a {@link UserException}. */
  static String failureLine(String name, Exception ex, boolean verbose) {
    String oom = OUT_OF_MEMORY.get();
    if (oom != null) {
      return name + ": error: the JVM ran out of memory: " + oom + ", and the job stopped; give the driver more "
          + "heap (spark-submit --driver-memory, or BOOTCLOUD_JAVA_OPTS=-Xmx... under ./bootcloud)";
    }
    return name + ": error: " + ex.getClass().getSimpleName() + ": " + firstLine(ex)
        + (verbose ? "" : " (rerun with --verbose for the stack trace)");
  }

  /** The first non-blank line of {@code e}'s message (Spark's parse errors start with an empty one). */
  static String firstLine(Throwable e) {
    return e.getMessage() == null ? "" : e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty())
        .findFirst().orElse("");
  }

  /** {@code bootcloud --version}: build version, git commit and the runtime stack. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "bootcloud " + CodeVersion.current(),
        "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
            + ", Delta Lake " + io.delta.package$.MODULE$.VERSION() + ", Java " + System.getProperty("java.version")
      };
    }
  }
}
