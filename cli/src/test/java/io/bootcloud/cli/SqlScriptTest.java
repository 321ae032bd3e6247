package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsOnSemicolonsOutsideQuotesAndComments() {
    String script = """
        -- count rewards; per day
        SELECT 'a;b' AS s, `odd;name` FROM t;
        /* block; comment */ SELECT "x;y";

        SELECT 1
        """;
    assertThat(SqlScript.statements(script)).containsExactly(
        "SELECT 'a;b' AS s, `odd;name` FROM t",
        "SELECT \"x;y\"",
        "SELECT 1");
  }

  @Test
  void keepsEscapedQuotesInsideStrings() {
    assertThat(SqlScript.statements("SELECT 'it\\'s;fine'; SELECT 2"))
        .containsExactly("SELECT 'it\\'s;fine'", "SELECT 2");
  }

  @Test
  void aStatementIsCompleteOnlyAtASemicolonOutsideQuotes() {
    assertThat(SqlScript.isComplete("SELECT 1;")).isTrue();
    assertThat(SqlScript.isComplete("SELECT 'a;")).isFalse();
    assertThat(SqlScript.isComplete("SELECT 1")).isFalse();
    assertThat(SqlScript.statements("  ;  ; ")).isEmpty();
  }
}
