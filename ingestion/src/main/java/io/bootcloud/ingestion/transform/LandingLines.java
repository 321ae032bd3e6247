package io.bootcloud.ingestion.transform;

import io.bootcloud.ingestion.domain.LandingFile;
import java.sql.Date;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
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
    String root = rootPrefix(landingRoot);
    FlatMapFunction<Row, Row> f = file -> {
      String path = file.getString(0);
      String relative = relativize(path, root);
      LandingFile.Location where = LandingFile.locate(relative);
      Date dt = where.deliveryDay() == null ? null : Date.valueOf(where.deliveryDay());
      if (where.error() != null) {
        return List.of(RowFactory.create(dt, relative, null, null, where.error().name(), where.detail())).iterator();
      }
      LandingFile.Content content = LandingFile.read(relative, file.getAs(1));
      if (content.error() != null) {
        return List.of(RowFactory.create(dt, relative, null, null, content.error().name(), content.detail()))
            .iterator();
      }
      Iterator<String> lines = content.lines().iterator();
      return new Iterator<Row>() {
        long n;

        @Override
        public boolean hasNext() {
          return lines.hasNext();
        }

        @Override
        public Row next() {
          return RowFactory.create(dt, relative, ++n, lines.next(), null, null);
        }
      };
    };
    return files.select("path", "content").flatMap(f, Encoders.row(SCHEMA));
  }

  static String rootPrefix(String landingRoot) {
    return landingRoot.endsWith("/") ? landingRoot : landingRoot + "/";
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
