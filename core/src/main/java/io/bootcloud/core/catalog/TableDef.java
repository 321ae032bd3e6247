package io.bootcloud.core.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Delta table of the lakehouse: name, columns, partitioning, CHECK constraints and table
 * properties. Defined once in {@link Catalog}; created by {@link CatalogInitializer}.
 */
public record TableDef(
    String schema,
    String name,
    String comment,
    List<Column> columns,
    List<String> partitionedBy,
    Map<String, String> constraints,
    Map<String, String> properties) {

  public TableDef {
    columns = List.copyOf(columns);
    partitionedBy = List.copyOf(partitionedBy);
    constraints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    for (String p : partitionedBy) {
      if (columns.stream().noneMatch(c -> c.name().equals(p))) {
        throw new IllegalArgumentException(schema + "." + name + ": partition column " + p + " is not a column");
      }
    }
  }

  /** {@code schema.name}, as auditors write it in SQL. */
  public String fullName() {
    return schema + "." + name;
  }

  public Column column(String columnName) {
    return columns.stream()
        .filter(c -> c.name().equals(columnName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(fullName() + " has no column " + columnName));
  }

  /**
   * The {@code CREATE TABLE IF NOT EXISTS ... USING delta} statement. The CHECK constraints go
   * into the first commit as the {@code delta.constraints.<name>} properties that
   * {@code ALTER TABLE ... ADD CONSTRAINT} would record, so a new table costs one commit, not one
   * per constraint; Delta enforces them the same way.
   */
  public String createDdl() {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(fullName()).append(" (\n");
    for (int i = 0; i < columns.size(); i++) {
      sql.append("  ").append(columns.get(i).ddl()).append(i + 1 < columns.size() ? ",\n" : "\n");
    }
    sql.append(") USING delta");
    if (!partitionedBy.isEmpty()) {
      sql.append("\nPARTITIONED BY (").append(String.join(", ", partitionedBy)).append(")");
    }
    sql.append("\nCOMMENT '").append(comment.replace("'", "\\'")).append("'");
    Map<String, String> tblProperties = new LinkedHashMap<>(properties);
    constraints.forEach((n, expr) -> tblProperties.put("delta.constraints." + n.toLowerCase(java.util.Locale.ROOT), expr));
    if (!tblProperties.isEmpty()) {
      sql.append("\nTBLPROPERTIES ").append(propertyList(tblProperties));
    }
    return sql.toString();
  }

  /** {@code ('key' = 'value', ...)}, quoted for Spark SQL. */
  static String propertyList(Map<String, String> properties) {
    StringBuilder sql = new StringBuilder("(");
    for (Map.Entry<String, String> e : properties.entrySet()) {
      sql.append(sql.length() == 1 ? "" : ", ").append("'").append(e.getKey()).append("' = '")
          .append(e.getValue().replace("\\", "\\\\").replace("'", "\\'")).append("'");
    }
    return sql.append(")").toString();
  }
}
