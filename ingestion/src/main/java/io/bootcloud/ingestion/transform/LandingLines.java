package io.bootcloud.ingestion.transform;

import io.bootcloud.ingestion.domain.LandingFile;
import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
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
    return perLine(files, landingRoot, SCHEMA, new LineRows() {
      @Override
      public Row fileError(Date dt, String file, String reason, String detail) {
        return RowFactory.create(dt, file, null, null, reason, detail);
      }

      @Override
      public Row line(Date dt, String file, long number, String line, LocalDate deliveryDay) {
        return RowFactory.create(dt, file, number, line, null, null);
      }
    });
  }

  /** What one line, or one file that cannot be read, becomes; runs on executors, hence serializable. */
  public interface LineRows extends Serializable {
    Row fileError(Date dt, String file, String reason, String detail);

    Row line(Date dt, String file, long number, String line, LocalDate deliveryDay);
  }

  /**
   * Landing files → one row per line (1-based line numbers) or one row per file that
   * {@link LandingFile} refuses (bad path, bad gzip, bad UTF-8), lazily: a file's lines are
   * never all turned into rows at once.
   */
  public static Dataset<Row> perLine(Dataset<Row> files, String landingRoot, StructType schema, LineRows rows) {
    String root = rootPrefix(landingRoot);
    FlatMapFunction<Row, Row> f = file -> {
      String relative = relativePath(file.getString(0), root);
      LandingFile.Location where = LandingFile.locate(relative);
      Date dt = where.deliveryDay() == null ? null : Date.valueOf(where.deliveryDay());
      if (where.error() != null) {
        return List.of(rows.fileError(dt, relative, where.error().name(), where.detail())).iterator();
      }
      LandingFile.Content content = LandingFile.read(relative, file.getAs(1));
      if (content.error() != null) {
        return List.of(rows.fileError(dt, relative, content.error().name(), content.detail())).iterator();
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
          return rows.line(dt, relative, ++n, lines.next(), where.deliveryDay());
        }
      };
    };
    return files.select("path", "content").flatMap(f, Encoders.row(schema));
  }

  /** {@code landingRoot} with a trailing slash, as {@link #relativePath} takes it. */
  public static String rootPrefix(String landingRoot) {
    return landingRoot.endsWith("/") ? landingRoot : landingRoot + "/";
  }

  /** A landing file's path (as Spark lists it) relative to {@code root}, a {@link #rootPrefix}. */
  public static String relativePath(String path, String root) {
    if (path.startsWith(root)) {
      return path.substring(root.length());
    }
    String plainRoot = root.replaceFirst("^file:/+", "/");
    String plainPath = path.replaceFirst("^file:/+", "/");
    return plainPath.startsWith(plainRoot) ? plainPath.substring(plainRoot.length()) : path;
  }
}
