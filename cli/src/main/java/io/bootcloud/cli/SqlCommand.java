package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bootcloud sql}: Spark SQL over the warehouse, with every table by name
 * ({@code gold.daily_rewards}, ...) and Delta time travel ({@code VERSION AS OF}).
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Run Spark SQL over the lakehouse: -e for one statement, -f for a script, or interactively.",
      "Example: bootcloud sql -e \"SELECT day, class, count(*) FROM gold.daily_rewards GROUP BY 1, 2\""
    })
final class SqlCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  static final class Source {
    @Option(names = "-e", paramLabel = "SQL", description = "Statement(s) to run, separated by ';'.")
    String statement;

    @Option(names = "-f", paramLabel = "FILE", description = "SQL script to run.")
    Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  @Option(names = "--format", defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  ResultPrinter.Format format;

  @Option(names = "--max-rows", defaultValue = "1000", paramLabel = "N",
      description = "Print at most N rows per statement (default ${DEFAULT-VALUE}).")
  int maxRows;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (maxRows < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-rows must be >= 1, got " + maxRows);
    }
    PrintWriter out = spec.commandLine().getOut();
    ResultPrinter printer = new ResultPrinter(out, format, maxRows);
    if (source != null && source.statement != null) {
      runAll(global.openSpark("sql"), SqlScript.statements(source.statement), printer);
    } else if (source != null && source.file != null) {
      String text;
      try {
        text = Files.readString(source.file);
      } catch (NoSuchFileException e) {
        throw new UserException("SQL file " + source.file + " does not exist", UserException.EXIT_USAGE);
      }
      runAll(global.openSpark("sql"), SqlScript.statements(text), printer);
    } else {
      interactive(global.openSpark("sql"), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
          printer, out);
    }
    return 0;
  }

  private static void runAll(SparkSession spark, List<String> statements, ResultPrinter printer) {
    if (statements.isEmpty()) {
      throw new UserException("no SQL statement given", UserException.EXIT_USAGE);
    }
    for (String sql : statements) {
      printer.print(spark.sql(sql));
    }
  }

  /** The interactive session's prompt, and its prompt for a statement's next line. */
  static final String PROMPT = "bootcloud> ";
  static final String CONTINUATION = "        -> ";

  /** The interactive session: statements from {@code in} until end of input or {@code exit;}. */
  static void interactive(SparkSession spark, BufferedReader in, ResultPrinter printer, PrintWriter out)
      throws IOException {
    out.println("bootcloud sql: end statements with ';', quit with 'exit;' or Ctrl-D.");
    StringBuilder buffer = new StringBuilder();
    while (true) {
      out.print(buffer.length() == 0 ? PROMPT : CONTINUATION);
      out.flush();
      String line = in.readLine();
      if (line == null) {
        break;
      }
      buffer.append(line).append('\n');
      if (!SqlScript.isComplete(buffer.toString())) {
        continue;
      }
      String text = buffer.toString();
      buffer.setLength(0);
      for (String sql : SqlScript.statements(text)) {
        if (sql.equalsIgnoreCase("exit") || sql.equalsIgnoreCase("quit")) {
          return;
        }
        try {
          printer.print(spark.sql(sql));
        } catch (Exception e) {
          // Spark's AnalysisException and ParseException are checked: one line, and the session goes on.
          out.println("error: " + (e.getMessage() == null ? e.toString() : Main.firstLine(e)));
        }
      }
    }
  }
}
