package io.bootcloud.ingestion.transform;

import io.bootcloud.ingestion.domain.LandingFile;
import io.bootcloud.ingestion.io.LandingFiles;
import io.bootcloud.rules.config.IngestLimits;
import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Landing files (Spark's {@code binaryFile} rows; only the path is used) → one row per line, or
 * one row per file that cannot be read (bad path, bad gzip, too large) with its reason code.
 * The rules are {@link LandingFile}'s; this only maps rows.
 */
public final class LandingLines {

  private LandingLines() {}

  /** What one line, or one file that cannot be read, becomes; runs on executors, hence serializable. */
  public interface LineRows extends Serializable {
    Row fileError(Date dt, String file, String reason, String detail);

    Row line(Date dt, String file, long number, String line, LocalDate deliveryDay);

    /** A line that cannot be read (not UTF-8, over the length limit); {@code text} may be null. */
    Row lineError(Date dt, String file, long number, String text, String reason, String detail);
  }

  /**
   * Landing files → one row per line (1-based line numbers) or one row per file that
   * {@link LandingFile} refuses (bad path, bad gzip, bad UTF-8), lazily: a file's lines are
   * never all turned into rows at once.
   */
  public static Dataset<Row> perLine(Dataset<Row> files, String landingRoot, StructType schema, LineRows rows,
      Broadcast<SerializableConfiguration> conf, IngestLimits limits) {
    String root = rootPrefix(landingRoot);
    FlatMapFunction<Row, Row> f = file -> {
      String relative = relativePath(file.getString(0), root);
      LandingFile.Location where = LandingFile.locate(relative);
      Date dt = where.deliveryDay() == null ? null : Date.valueOf(where.deliveryDay());
      if (where.error() != null) {
        return List.of(rows.fileError(dt, relative, where.error().name(), where.detail())).iterator();
      }
      LandingFile.Content content = LandingFiles.read(file.getString(0), relative, conf.value().value(), limits);
      if (content.error() != null) {
        return List.of(rows.fileError(dt, relative, content.error().name(), content.detail())).iterator();
      }
      Iterator<LandingFile.Line> lines = content.lines().iterator();
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return lines.hasNext();
        }

        @Override
        public Row next() {
          LandingFile.Line l = lines.next();
          return l.error() != null
              ? rows.lineError(dt, relative, l.number(), l.text(), l.error().name(), l.detail())
              : rows.line(dt, relative, l.number(), l.text(), where.deliveryDay());
        }
      };
    };
    // Only the paths are selected: the files are read by the tasks, under the limits, never as one binary value.
    return files.select("path").flatMap(f, Encoders.row(schema));
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
