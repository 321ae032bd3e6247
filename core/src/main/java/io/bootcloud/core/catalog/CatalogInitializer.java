package io.bootcloud.core.catalog;

import io.bootcloud.core.UserException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Creates the schemas and tables of {@link Catalog} idempotently: a table that exists with the
 * expected columns and partitioning is left untouched (no new Delta version), a missing table is
 * created with its CHECK constraints and properties, and a table whose existing schema differs
 * is refused with a message that names the table and every difference. An existing table that
 * lacks a constraint, a property or trailing nullable columns of its definition (a lakehouse made
 * by an older release) gets them added; existing columns are never altered, except a column
 * whose type a release changed ({@link Catalog#RETYPED_COLUMNS}), rewritten with its values cast.
 */
public final class CatalogInitializer {

  /** What {@link #initialize} did to one table. */
  public enum Action { CREATED, UNCHANGED, RETYPED, COLUMNS_ADDED, CONSTRAINTS_ADDED, PROPERTIES_SET }

  public record Outcome(String table, Action action) {}

  private final SparkSession spark;

  public CatalogInitializer(SparkSession spark) {
    this.spark = spark;
  }

  /** Creates what is missing and checks what exists; throws {@link UserException} on a mismatch. */
  public List<Outcome> initialize(List<TableDef> tables) {
    for (Map.Entry<String, String> schema : Catalog.SCHEMAS.entrySet()) {
      if (spark.catalog().databaseExists(schema.getKey())) {
        continue;
      }
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + schema.getKey()
          + " COMMENT '" + schema.getValue().replace("'", "\\'") + "'");
    }
    List<String> mismatches = new ArrayList<>();
    List<TableDef> toCreate = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    Map<TableDef, Map<String, String>> existingConstraints = new HashMap<>();
    Map<TableDef, Map<String, String>> existingProperties = new HashMap<>();
    for (TableDef table : tables) {
      if (spark.catalog().tableExists(table.fullName())) {
        Existing existing = existing(table);
        mismatches.addAll(differences(table, existing));
        existingConstraints.put(table, constraintsOf(existing));
        existingProperties.put(table, existing.properties());
      } else {
        toCreate.add(table);
      }
    }
    if (!mismatches.isEmpty()) {
      throw new UserException("existing tables differ from the catalog, nothing was changed: "
          + String.join("; ", mismatches)
          + ". Migrate or drop them deliberately; init never alters a table's existing columns.");
    }
    for (TableDef table : tables) {
      if (toCreate.contains(table)) {
        spark.sql(table.createDdl());
        outcomes.add(new Outcome(table.fullName(), Action.CREATED));
      } else {
        List<String> retired = Catalog.RETIRED_CONSTRAINTS.getOrDefault(table, List.of()).stream()
            .filter(name -> existingConstraints.get(table).containsKey(name.toLowerCase(Locale.ROOT))).toList();
        for (String name : retired) {
          spark.sql("ALTER TABLE " + table.fullName() + " DROP CONSTRAINT IF EXISTS " + name);
        }
        if (retype(table, existingProperties.get(table))) {
          // Replaced by its definition: columns, constraints and properties are now as defined.
          outcomes.add(new Outcome(table.fullName(), Action.RETYPED));
          continue;
        }
        List<Column> newColumns = missingTrailingColumns(table);
        addColumns(table, newColumns);
        Map<String, String> missing = new java.util.LinkedHashMap<>();
        table.constraints().forEach((name, expr) -> {
          if (!existingConstraints.get(table).containsKey(name.toLowerCase(Locale.ROOT))) {
            missing.put(name, expr);
          }
        });
        addConstraints(table, missing);
        Map<String, String> unset = new java.util.LinkedHashMap<>();
        table.properties().forEach((key, value) -> {
          if (!value.equals(existingProperties.get(table).get(key))) {
            unset.put(key, value);
          }
        });
        setProperties(table, unset);
        outcomes.add(new Outcome(table.fullName(), !newColumns.isEmpty() ? Action.COLUMNS_ADDED
            : !missing.isEmpty() || !retired.isEmpty() ? Action.CONSTRAINTS_ADDED
            : !unset.isEmpty() ? Action.PROPERTIES_SET : Action.UNCHANGED));
      }
    }
    if (tables.containsAll(Catalog.ALL)) {
      createViews();
    }
    return outcomes;
  }

  /** (Re)creates the audit views over the tables; views hold no data, so this never changes a table. */
  public void createViews() {
    for (String view : Catalog.AUDIT_VIEWS) {
      spark.sql(Catalog.viewSql(view));
    }
  }

  /** Table property naming the version a retype started from, while its rows are being copied. */
  static final String RETYPE_FROM = "bootcloud.retype_from_version";

  /**
   * Rewrites {@code table} when it still has a column of the type an earlier release gave it
   * ({@link Catalog#RETYPED_COLUMNS}): the table is replaced by its definition (comments, NOT
   * NULL, constraints, properties; {@link #RETYPE_FROM} names the version replaced), then every
   * row of that version is copied with each such value cast to its new type, then the marker is
   * removed. The copy is an INSERT OVERWRITE, so an init killed before the marker went finds it and
   * copies again. Whether it did anything.
   */
  private boolean retype(TableDef table, Map<String, String> properties) {
    String resumeFrom = properties.get(RETYPE_FROM);
    Map<String, String> earlier = Catalog.RETYPED_COLUMNS.getOrDefault(table, Map.of());
    if (resumeFrom == null) {
      StructType actual = spark.table(table.fullName()).schema();
      boolean pending = table.columns().stream().anyMatch(c -> earlier.containsKey(c.name())
          && List.of(actual.fieldNames()).contains(c.name())
          && !actual.apply(c.name()).dataType().sql().equals(DataType.fromDDL(c.sqlType()).sql()));
      if (!pending) {
        return false;
      }
      resumeFrom = Long.toString(spark.sql("DESCRIBE HISTORY " + table.fullName() + " LIMIT 1").first()
          .getLong(0));
      Map<String, String> marked = new java.util.LinkedHashMap<>(table.properties());
      marked.put(RETYPE_FROM, resumeFrom);
      spark.sql(new TableDef(table.schema(), table.name(), table.comment(), table.columns(), table.partitionedBy(),
          table.constraints(), marked).createDdl().replaceFirst("^CREATE TABLE IF NOT EXISTS", "CREATE OR REPLACE TABLE"));
    }
    StructType old = spark.sql("SELECT * FROM " + table.fullName() + " VERSION AS OF " + resumeFrom).schema();
    List<String> select = new ArrayList<>();
    for (Column c : table.columns()) {
      select.add(!List.of(old.fieldNames()).contains(c.name()) ? "CAST(NULL AS " + c.sqlType() + ") AS " + c.name()
          : earlier.containsKey(c.name()) ? "CAST(" + c.name() + " AS " + c.sqlType() + ") AS " + c.name() : c.name());
    }
    spark.sql("INSERT OVERWRITE " + table.fullName() + " SELECT " + String.join(", ", select) + " FROM "
        + table.fullName() + " VERSION AS OF " + resumeFrom);
    spark.sql("ALTER TABLE " + table.fullName() + " UNSET TBLPROPERTIES ('" + RETYPE_FROM + "')");
    return true;
  }

  /**
   * The nullable columns at the end of {@code table}'s definition that the existing table lacks,
   * when its columns are exactly the definition's first ones (anything else is a mismatch).
   */
  private List<Column> missingTrailingColumns(TableDef table) {
    List<String> actual = List.of(spark.table(table.fullName()).schema().fieldNames());
    List<Column> expected = table.columns();
    if (actual.size() >= expected.size()) {
      return List.of();
    }
    return expected.subList(actual.size(), expected.size());
  }

  private void addColumns(TableDef table, List<Column> columns) {
    if (columns.isEmpty()) {
      return;
    }
    spark.sql("ALTER TABLE " + table.fullName() + " ADD COLUMNS ("
        + String.join(", ", columns.stream().map(Column::ddl).toList()) + ")");
  }

  private void addConstraints(TableDef table, Map<String, String> constraints) {
    for (Map.Entry<String, String> c : constraints.entrySet()) {
      spark.sql("ALTER TABLE " + table.fullName() + " ADD CONSTRAINT " + c.getKey()
          + " CHECK (" + c.getValue() + ")");
    }
  }

  private void setProperties(TableDef table, Map<String, String> properties) {
    if (properties.isEmpty()) {
      return;
    }
    spark.sql("ALTER TABLE " + table.fullName() + " SET TBLPROPERTIES " + TableDef.propertyList(properties));
  }

  /**
   * What init compares of an existing table, read from its metadata alone: format, partition
   * columns (in order) and table properties. ({@code DESCRIBE DETAIL} would also count the table's
   * files, a Spark job over its whole Delta log per table: half of a no-op init's time.)
   */
  record Existing(String format, List<String> partitionColumns, Map<String, String> properties) {}

  private Existing existing(TableDef table) {
    Map<String, String> properties = new HashMap<>();
    for (Row r : spark.sql("SHOW TBLPROPERTIES " + table.fullName()).collectAsList()) {
      properties.put(r.getString(0), r.getString(1));
    }
    String format = null;
    List<String> partitions = new ArrayList<>();
    boolean inPartitions = false;
    for (Row r : spark.sql("DESCRIBE TABLE EXTENDED " + table.fullName()).collectAsList()) {
      String name = r.isNullAt(0) ? "" : r.getString(0).strip();
      if (name.equals("# Partition Information")) {
        inPartitions = true;
      } else if (inPartitions && (name.isEmpty() || name.startsWith("# Detailed"))) {
        inPartitions = false;
      } else if (inPartitions && !name.startsWith("#")) {
        partitions.add(name);
      } else if (!inPartitions && name.equals("Provider")) {
        format = r.getString(1);
      }
    }
    return new Existing(format, partitions, properties);
  }

  /** Each way the existing table differs from its definition, or an empty list. */
  List<String> differences(TableDef table, Existing detail) {
    List<String> out = new ArrayList<>();
    StructType actual = spark.table(table.fullName()).schema();
    List<String> expectedNames = table.columns().stream().map(Column::name).toList();
    List<String> actualNames = List.of(actual.fieldNames());
    boolean olderRelease = actualNames.size() < expectedNames.size()
        && expectedNames.subList(0, actualNames.size()).equals(actualNames)
        && table.columns().subList(actualNames.size(), expectedNames.size()).stream().allMatch(Column::nullable);
    if (!expectedNames.equals(actualNames) && !olderRelease) {
      out.add(table.fullName() + " has columns " + actualNames + " but the catalog expects " + expectedNames);
    } else {
      for (Column c : table.columns().subList(0, actualNames.size())) {
        StructField f = actual.apply(c.name());
        String expectedType = DataType.fromDDL(c.sqlType()).sql();
        String earlierType = Catalog.RETYPED_COLUMNS.getOrDefault(table, Map.of()).get(c.name());
        boolean retypable = earlierType != null && f.dataType().sql().equals(DataType.fromDDL(earlierType).sql());
        if (!f.dataType().sql().equals(expectedType) && !retypable) {
          out.add(table.fullName() + "." + c.name() + " is " + f.dataType().sql()
              + " but the catalog expects " + expectedType);
        }
      }
    }
    String format = detail.format();
    if (!"delta".equalsIgnoreCase(format)) {
      out.add(table.fullName() + " is a " + format + " table but must be delta");
      return out;
    }
    List<String> partitions = detail.partitionColumns();
    if (!partitions.equals(table.partitionedBy())) {
      out.add(table.fullName() + " is partitioned by " + partitions
          + " but the catalog expects " + table.partitionedBy());
    }
    Map<String, String> existing = constraintsOf(detail);
    for (Map.Entry<String, String> c : table.constraints().entrySet()) {
      String have = existing.get(c.getKey().toLowerCase(Locale.ROOT));
      if (have != null && !normalize(have).equals(normalize(c.getValue()))) {
        out.add(table.fullName() + " constraint " + c.getKey() + " is (" + have
            + ") but the catalog expects (" + c.getValue() + ")");
      }
    }
    return out;
  }

  /** CHECK constraints recorded in the table's properties, by lower-case name. */
  private static Map<String, String> constraintsOf(Existing detail) {
    Map<String, String> out = new HashMap<>();
    detail.properties().forEach((key, value) -> {
      if (key.startsWith("delta.constraints.")) {
        out.put(key.substring("delta.constraints.".length()).toLowerCase(Locale.ROOT), value);
      }
    });
    return out;
  }

  private static String normalize(String expr) {
    return expr.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }
}
