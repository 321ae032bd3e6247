package io.bootcloud.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements on semicolons that are outside quotes, backticks and
 * comments, so a {@code -f} file of several statements runs one by one.
 */
final class SqlScript {

  private SqlScript() {}

  static List<String> statements(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean lineComment = false;
    boolean blockComment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (lineComment) {
        if (c == '\n') {
          lineComment = false;
          current.append(c);
        }
        continue;
      }
      if (blockComment) {
        if (c == '*' && next == '/') {
          blockComment = false;
          i++;
        }
        continue;
      }
      if (quote != 0) {
        current.append(c);
        if (c == '\\' && quote != '`' && next != 0) {
          current.append(next);
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '-' && next == '-') {
        lineComment = true;
        i++;
      } else if (c == '/' && next == '*') {
        blockComment = true;
        i++;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        current.append(c);
      } else if (c == ';') {
        add(out, current);
      } else {
        current.append(c);
      }
    }
    add(out, current);
    return out;
  }

  /** True when {@code text} ends a statement (outside quotes), for the interactive prompt. */
  static boolean isComplete(String text) {
    String trimmed = text.strip();
    return trimmed.endsWith(";") && !insideQuote(trimmed);
  }

  private static boolean insideQuote(String text) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      }
    }
    return quote != 0;
  }

  private static void add(List<String> out, StringBuilder current) {
    String s = current.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    current.setLength(0);
  }
}
