package io.bootcloud.core.spark.fs;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Hadoop's checksummed local file system ({@code file:}) over {@link NioRawLocalFileSystem}: same
 * files, same {@code .crc} sidecars, but permissions and links go through {@code java.nio} instead of a
 * {@code chmod}, {@code readlink} or {@code ls} process per file. Set as {@code fs.file.impl}.
 */
public class NioLocalFileSystem extends LocalFileSystem {

  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }

  /** The folder's entries without the checksum sidecars ({@code .NAME.crc}), told apart by name before any status is built. */
  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    return ((NioRawLocalFileSystem) getRawFileSystem()).list(f, name -> !(name.startsWith(".") && name.endsWith(".crc")));
  }
}
