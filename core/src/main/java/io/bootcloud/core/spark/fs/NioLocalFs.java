package io.bootcloud.core.spark.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.AbstractFileSystem;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * The {@code FileContext} side of {@link NioLocalFileSystem} ({@code fs.AbstractFileSystem.file.impl}):
 * Delta's log store writes every commit through a {@code FileContext} rename, which in the stock
 * {@code LocalFs} runs {@code readlink} on both paths.
 */
public class NioLocalFs extends ChecksumFs {

  public NioLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(new Raw(uri, conf));
  }

  /** The raw (checksum-free) layer: Hadoop's {@code RawLocalFs} over {@link NioRawLocalFileSystem}. */
  static final class Raw extends DelegateToFileSystem {

    Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new NioRawLocalFileSystem(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      return fsImpl.getFileLinkStatus(f);
    }

    @Override
    public boolean supportsSymlinks() {
      return true;
    }

    @Override
    public Path getLinkTarget(Path f) throws IOException {
      return fsImpl.getLinkTarget(f);
    }
  }
}
