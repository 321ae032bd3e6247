package io.bootcloud.core.spark.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FSLinkResolver;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * {@link RawLocalFileSystem} without shell-outs. Without Hadoop's native library (never present in the
 * pip or Maven distributions) the stock class starts a process for every {@code setPermission}
 * ({@code chmod}), every {@code getFileLinkStatus} ({@code readlink}, run by each Delta commit's rename)
 * and every permission read ({@code ls -ld}); here the same answers come from {@code java.nio}. On a file
 * system without POSIX attributes it falls back to the stock behaviour.
 */
public class NioRawLocalFileSystem extends RawLocalFileSystem {

  static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** Bit i of a mode (0 = others' execute … 8 = owner's read) as a {@link PosixFilePermission}. */
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  static Set<PosixFilePermission> toPosix(FsPermission permission) {
    int mode = permission.toShort();
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(BITS[bit]);
      }
    }
    return out;
  }

  static FsPermission fromPosix(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < BITS.length; bit++) {
      if (permissions.contains(BITS[bit])) {
        mode |= 1 << bit;
      }
    }
    return new FsPermission((short) mode);
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (!POSIX) {
      super.setPermission(p, permission);
      return;
    }
    File file = pathToFile(p);
    try {
      Files.setPosixFilePermissions(file.toPath(), toPosix(permission));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + p + " does not exist");
    }
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    if (!POSIX) {
      return super.getFileStatus(f);
    }
    File file = pathToFile(f);
    if (!file.exists()) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    return new LazyPosixStatus(file, getDefaultBlockSize(f), makeQualified(new Path(file.getPath())));
  }

  /**
   * The status of {@code f} itself: a symlink is reported as one (with its target qualified, as Hadoop
   * does), anything else as {@link #getFileStatus}. The stock class runs {@code readlink} on the path's
   * URI string, which for a qualified {@code file:} path never finds a link.
   */
  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    if (!POSIX) {
      return super.getFileLinkStatus(f);
    }
    java.nio.file.Path local = pathToFile(f).toPath();
    if (!Files.isSymbolicLink(local)) {
      return getFileStatus(f);
    }
    Path target = FSLinkResolver.qualifySymlinkTarget(getUri(), f,
        new Path(Files.readSymbolicLink(local).toString()));
    try {
      FileStatus resolved = getFileStatus(f);
      return new FileStatus(resolved.getLen(), false, resolved.getReplication(), resolved.getBlockSize(),
          resolved.getModificationTime(), resolved.getAccessTime(), resolved.getPermission(), resolved.getOwner(),
          resolved.getGroup(), target, f);
    } catch (FileNotFoundException dangling) {
      return new FileStatus(0, false, 0, 0, 0, 0, FsPermission.getDefault(), "", "", target, f);
    }
  }

  /**
   * The entries of a folder (or a file itself), as the stock class lists them. The stock class builds
   * each entry's path twice through URI parsing and stats it four times; Delta lists its whole log
   * folder, thousands of entries in a long-lived table, at every snapshot update. Here: one directory
   * read, one stat per entry, one URI per entry.
   */
  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    return list(f, name -> true);
  }

  /** {@link #listStatus} without the entries whose name {@code keep} refuses, dropped before any status is built. */
  FileStatus[] list(Path f, java.util.function.Predicate<String> keep) throws IOException {
    if (!POSIX) {
      return java.util.Arrays.stream(super.listStatus(f)).filter(s -> keep.test(s.getPath().getName()))
          .toArray(FileStatus[]::new);
    }
    File folder = pathToFile(f);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(folder.toPath(), BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    if (!attributes.isDirectory()) {
      FileStatus own = getFileStatus(f);
      return keep.test(own.getPath().getName()) ? new FileStatus[] {own} : new FileStatus[0];
    }
    String parent = folder.getPath().endsWith("/") ? folder.getPath() : folder.getPath() + "/";
    long blockSize = getDefaultBlockSize(f);
    List<FileStatus> out = new ArrayList<>();
    try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(folder.toPath())) {
      for (java.nio.file.Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!keep.test(name)) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
          // Deleted since the folder was read, or a dangling link: not listed, as by the stock class.
          continue;
        }
        Path path;
        try {
          path = new Path(new URI("file", null, parent + name, null));
        } catch (URISyntaxException e) {
          throw new IOException("cannot name " + parent + name + " as a file: URI", e);
        }
        out.add(new LazyPosixStatus(entry.toFile(), a.size(), a.isDirectory(), a.lastModifiedTime().toMillis(),
            blockSize, path));
      }
    }
    return out.toArray(FileStatus[]::new);
  }

  /** A file's status (links followed) whose permission, owner and group are read (one stat call) only when asked for. */
  static final class LazyPosixStatus extends FileStatus {
    private static final long serialVersionUID = 1L;
    private final transient File file;
    private boolean loaded;

    LazyPosixStatus(File file, long blockSize, Path qualified) {
      this(file, file.length(), file.isDirectory(), file.lastModified(), blockSize, qualified);
    }

    LazyPosixStatus(File file, long length, boolean directory, long modified, long blockSize, Path qualified) {
      super(length, directory, 1, blockSize, modified, 0, null, null, null, qualified);
      this.file = file;
    }

    private synchronized void load() {
      if (loaded) {
        return;
      }
      try {
        PosixFileAttributes attributes = Files.readAttributes(file.toPath(), PosixFileAttributes.class);
        setPermission(fromPosix(attributes.permissions()));
        setOwner(attributes.owner().getName());
        setGroup(attributes.group().getName());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the permissions of " + file, e);
      }
      loaded = true;
    }

    @Override
    public FsPermission getPermission() {
      load();
      return super.getPermission();
    }

    @Override
    public String getOwner() {
      load();
      return super.getOwner();
    }

    @Override
    public String getGroup() {
      load();
      return super.getGroup();
    }

    @Override
    public void write(java.io.DataOutput out) throws IOException {
      load();
      super.write(out);
    }

    /** Serialized (Java or Writable) as a plain, fully loaded {@link FileStatus}. */
    private Object writeReplace() throws IOException {
      load();
      return new FileStatus(this);
    }
  }
}
