package io.bootcloud.ingestion.io;

import io.bootcloud.ingestion.domain.LandingFile;
import io.bootcloud.rules.config.IngestLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Opens a landing file on any Hadoop file system and reads it under the limits ({@link LandingFile#read}). */
public final class LandingFiles {

  private LandingFiles() {}

  /** The content of the file at {@code path} (as Spark lists it), {@code relative} to the landing root. */
  public static LandingFile.Content read(String path, String relative, Configuration conf, IngestLimits limits) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      long length = fs.getFileStatus(p).getLen();
      try (FSDataInputStream in = fs.open(p)) {
        return LandingFile.read(relative, in, length, limits);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read landing file " + path, e);
    }
  }
}
