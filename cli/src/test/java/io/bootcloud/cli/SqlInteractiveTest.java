package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.SharedSpark;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The interactive {@code bootcloud sql} session: a statement that fails (an unknown table, a syntax
 * error) is reported in one line and the session goes on with the next one, as an auditor typing
 * queries expects; it used to end the whole session at the first analysis or parse error.
 */
class SqlInteractiveTest {

  @Test
  void anErrorIsOneLineAndTheSessionGoesOn() throws Exception {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    String input = String.join("\n",
        "SELECT * FROM gold.no_such_table;",
        "SELECT 1 AS one;",
        "SELEC 2;",
        "SELECT 3",
        "  AS three;",
        "exit;",
        "SELECT 4 AS four;");
    SqlCommand.interactive(SharedSpark.session(), new BufferedReader(new StringReader(input)),
        new ResultPrinter(out, ResultPrinter.Format.CSV, 10), out);
    String shown = text.toString().replace(SqlCommand.PROMPT, "").replace(SqlCommand.CONTINUATION, "");

    assertThat(shown.lines().filter(l -> l.startsWith("error: ")).toList())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("no_such_table"))
        .anySatisfy(l -> assertThat(l).containsIgnoringCase("syntax"));
    assertThat(shown).contains("one\n1\n").contains("three\n3\n");
    // Nothing after exit; runs.
    assertThat(shown).doesNotContain("four");

    // The one-line error of `sql -e` names a syntax error too (its message's first line is empty).
    Exception parse = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> SharedSpark.session().sql("SELEC 2"), Exception.class);
    assertThat(Main.failureLine("bootcloud sql", parse, false))
        .startsWith("bootcloud sql: error: ParseException: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'");
  }
}
