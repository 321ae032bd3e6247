package io.bootcloud.core.spark.fs;

import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Hadoop's checksummed local file system ({@code file:}) over {@link NioRawLocalFileSystem}: same
 * files, same {@code .crc} sidecars, but permissions and links go through {@code java.nio} instead of a
 * {@code chmod}, {@code readlink} or {@code ls} process per file. Set as {@code fs.file.impl}.
 */
public class NioLocalFileSystem extends LocalFileSystem {

  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }
}
