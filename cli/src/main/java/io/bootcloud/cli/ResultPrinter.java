package io.bootcloud.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Prints a query result in full (no truncated cells) as an aligned table, CSV or JSON lines. */
final class ResultPrinter {

  enum Format { TABLE, CSV, JSON }

  private final PrintWriter out;
  private final Format format;
  private final int maxRows;

  ResultPrinter(PrintWriter out, Format format, int maxRows) {
    this.out = out;
    this.format = format;
    this.maxRows = maxRows;
  }

  /** Prints {@code result}; returns the number of rows printed. */
  long print(Dataset<Row> result) {
    String[] names = result.columns();
    if (names.length == 0) {
      return 0;
    }
    List<Row> rows;
    if (format == Format.JSON) {
      rows = result.toJSON().toDF().takeAsList(maxRows + 1);
    } else {
      Column[] asText = Arrays.stream(names)
          .map(n -> functions.col("`" + n.replace("`", "``") + "`").cast("string").as(n))
          .toArray(Column[]::new);
      rows = result.select(asText).takeAsList(maxRows + 1);
    }
    boolean truncated = rows.size() > maxRows;
    if (truncated) {
      rows = rows.subList(0, maxRows);
    }
    switch (format) {
      case JSON -> rows.forEach(r -> out.println(r.getString(0)));
      case CSV -> {
        out.println(String.join(",", Arrays.stream(names).map(ResultPrinter::csv).toList()));
        for (Row r : rows) {
          List<String> cells = new ArrayList<>();
          for (int i = 0; i < names.length; i++) {
            cells.add(r.isNullAt(i) ? "" : csv(r.getString(i)));
          }
          out.println(String.join(",", cells));
        }
      }
      case TABLE -> table(names, rows);
    }
    if (truncated) {
      out.println("(showing the first " + maxRows + " rows; use --max-rows to see more)");
    } else if (format == Format.TABLE) {
      out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }
    out.flush();
    return rows.size();
  }

  private void table(String[] names, List<Row> rows) {
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
      for (Row r : rows) {
        width[i] = Math.max(width[i], cell(r, i).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(line(names, width));
    out.println(rule);
    for (Row r : rows) {
      String[] cells = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        cells[i] = cell(r, i);
      }
      out.println(line(cells, width));
    }
    out.println(rule);
  }

  private static String cell(Row r, int i) {
    return r.isNullAt(i) ? "NULL" : r.getString(i);
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      sb.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
    }
    return sb.toString();
  }

  private static String csv(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
