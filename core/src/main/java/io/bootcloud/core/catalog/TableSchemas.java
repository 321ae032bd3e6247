package io.bootcloud.core.catalog;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark {@link StructType}s of catalog tables, so jobs build rows against the one definition. */
public final class TableSchemas {

  private TableSchemas() {}

  public static StructType structOf(TableDef table) {
    StructField[] fields = table.columns().stream()
        .map(c -> new StructField(c.name(), DataType.fromDDL(c.sqlType()), c.nullable(), comment(c)))
        .toArray(StructField[]::new);
    return new StructType(fields);
  }

  private static Metadata comment(Column c) {
    return new MetadataBuilder().putString("comment", c.comment()).build();
  }
}
