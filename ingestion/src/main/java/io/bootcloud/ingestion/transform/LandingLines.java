package io.bootcloud.ingestion.transform;

import io.bootcloud.ingestion.domain.LandingFile;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Landing files (Spark's {@code binaryFile} rows: path, content) → one row per line, or one
 * row per file that cannot be read (bad path, bad gzip, bad UTF-8) with its reason code.
 * The rules are {@link LandingFile}'s; this only maps rows.
 */
public final class LandingLines {

  public static final StructType SCHEMA = new StructType()
      .add("dt", DataTypes.DateType, true)
      .add("source_file", DataTypes.StringType, false)
      .add("line_number", DataTypes.LongType, true)
      .add("raw", DataTypes.StringType, true)
      .add("file_error", DataTypes.StringType, true)
      .add("file_detail", DataTypes.StringType, true);

  private LandingLines() {}

  /** {@code landingRoot} is the root's URI as Spark prints file paths (e.g. {@code file:/data/landing}). */
  public static Dataset<Row> explode(Dataset<Row> files, String landingRoot) {
    String root = landingRoot.endsWith("/") ? landingRoot : landingRoot + "/";
    MapPartitionsFunction<Row, Row> f = rows -> {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row file = rows.next();
        String path = file.getString(file.fieldIndex("path"));
        String relative = relativize(path, root);
        LandingFile.Location where = LandingFile.locate(relative);
        Date dt = where.deliveryDay() == null ? null : Date.valueOf(where.deliveryDay());
        if (where.error() != null) {
          out.add(RowFactory.create(dt, relative, null, null, where.error().name(), where.detail()));
          continue;
        }
        byte[] bytes = file.getAs("content");
        LandingFile.Content content = LandingFile.read(relative, bytes);
        if (content.error() != null) {
          out.add(RowFactory.create(dt, relative, null, null, content.error().name(), content.detail()));
          continue;
        }
        long n = 0;
        for (String line : content.lines()) {
          n++;
          out.add(RowFactory.create(dt, relative, n, line, null, null));
        }
      }
      Iterator<Row> it = out.iterator();
      return it;
    };
    return files.select("path", "content").mapPartitions(f, Encoders.row(SCHEMA));
  }

  static String relativize(String path, String root) {
    if (path.startsWith(root)) {
      return path.substring(root.length());
    }
    String plainRoot = root.replaceFirst("^file:/+", "/");
    String plainPath = path.replaceFirst("^file:/+", "/");
    return plainPath.startsWith(plainRoot) ? plainPath.substring(plainRoot.length()) : path;
  }
}
