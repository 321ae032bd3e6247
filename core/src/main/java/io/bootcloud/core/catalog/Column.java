package io.bootcloud.core.catalog;

/** One column of a catalog table: its SQL type, whether it may be null, and what it means. */
public record Column(String name, String sqlType, boolean nullable, String comment) {

  public static Column required(String name, String sqlType, String comment) {
    return new Column(name, sqlType, false, comment);
  }

  public static Column optional(String name, String sqlType, String comment) {
    return new Column(name, sqlType, true, comment);
  }

  /** The column as it appears in {@code CREATE TABLE}. */
  public String ddl() {
    return "`" + name + "` " + sqlType + (nullable ? "" : " NOT NULL")
        + " COMMENT '" + comment.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
