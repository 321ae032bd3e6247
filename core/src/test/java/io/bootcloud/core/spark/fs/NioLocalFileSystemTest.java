package io.bootcloud.core.spark.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell-free local file system answers exactly what the file system itself says (read with java.nio). */
class NioLocalFileSystemTest {

  @TempDir java.nio.file.Path dir;
  private Configuration conf;

  @BeforeEach
  void configure() {
    conf = new Configuration(false);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
  }

  private Path at(String name) {
    return new Path(dir.toUri().toString(), name);
  }

  @Test
  void everyModeBitRoundTripsThroughPosixPermissions() {
    for (int mode = 0; mode <= 0777; mode++) {
      FsPermission permission = new FsPermission((short) mode);
      assertThat(NioRawLocalFileSystem.fromPosix(NioRawLocalFileSystem.toPosix(permission)))
          .as("mode %o", mode).isEqualTo(permission);
    }
    assertThat(PosixFilePermissions.toString(NioRawLocalFileSystem.toPosix(new FsPermission((short) 0754))))
        .isEqualTo("rwxr-xr--");
  }

  @Test
  void setPermissionChangesTheFileModeAndStatusReadsItBack() throws Exception {
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    Path file = at("a.txt");
    try (FSDataOutputStream out = fs.create(file)) {
      out.write("abc".getBytes(StandardCharsets.UTF_8));
    }
    fs.setPermission(file, new FsPermission((short) 0640));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.txt"))))
        .isEqualTo("rw-r-----");

    FileStatus status = fs.getFileStatus(file);
    assertThat(status.getLen()).isEqualTo(3);
    assertThat(status.isDirectory()).isFalse();
    assertThat(status.getPermission()).isEqualTo(new FsPermission((short) 0640));
    assertThat(status.getOwner()).isEqualTo(Files.getOwner(dir.resolve("a.txt")).getName());
    assertThat(status.getPath()).isEqualTo(fs.makeQualified(file));
    // The checksummed layer wrote its sidecar, as Hadoop's own local file system does.
    assertThat(dir.resolve(".a.txt.crc")).exists();
  }

  @Test
  void mkdirsAppliesTheRequestedModeUnderTheUmask() throws Exception {
    conf.set("fs.permissions.umask-mode", "022");
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    Path sub = at("x/y");
    assertThat(fs.mkdirs(sub, new FsPermission((short) 0777))).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("x/y"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(fs.getFileStatus(sub).isDirectory()).isTrue();
  }

  @Test
  void linkStatusStillSeesSymlinksAndMissingFilesAreNotFound() throws Exception {
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    Files.writeString(dir.resolve("target.txt"), "t");
    Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("target.txt"));
    FileStatus link = fs.getFileLinkStatus(at("link.txt"));
    assertThat(link.isSymlink()).isTrue();
    assertThat(link.getSymlink().toUri().getPath()).isEqualTo(dir.resolve("target.txt").toString());
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
    assertThat(fc.getFileLinkStatus(at("link.txt")).isSymlink()).isTrue();
    assertThat(fs.getFileLinkStatus(at("target.txt")).isSymlink()).isFalse();
    assertThat(fs.exists(at("missing"))).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> fs.getFileStatus(at("missing")))
        .isInstanceOf(java.io.FileNotFoundException.class);
  }

  @Test
  void aListingEqualsHadoopsOwnAndLeavesChecksumSidecarsOut() throws Exception {
    // Delta lists its whole _delta_log folder at every snapshot update: every entry, as Hadoop's
    // stock local file system lists it (path, size, kind, time, mode), minus the .crc sidecars.
    java.nio.file.Path folder = Files.createDirectories(dir.resolve("log"));
    for (String name : new String[] {"00000000000000000000.json", "00000000000000000001.json", "with space.json",
        "colon:in name", "per%cent", "unicodé", ".hidden"}) {
      Files.writeString(folder.resolve(name), name);
    }
    Files.writeString(folder.resolve(".00000000000000000000.json.crc"), "sidecar");
    Files.createDirectories(folder.resolve("sub dir"));
    Files.setPosixFilePermissions(folder.resolve("per%cent"), PosixFilePermissions.fromString("rw-r-----"));
    Files.createSymbolicLink(folder.resolve("link.json"), folder.resolve("00000000000000000001.json"));
    Files.createSymbolicLink(folder.resolve("dangling"), folder.resolve("gone"));
    Configuration stockConf = new Configuration(false);
    stockConf.set("fs.file.impl", org.apache.hadoop.fs.LocalFileSystem.class.getName());
    stockConf.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem stock = FileSystem.get(dir.toUri(), stockConf);
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    Path log = new Path(folder.toUri());

    java.util.List<String> expected = describe(stock.listStatus(log));
    assertThat(expected).hasSize(9).noneMatch(e -> e.contains(".crc")).noneMatch(e -> e.contains("dangling"));
    assertThat(describe(fs.listStatus(log))).isEqualTo(expected);
    // Without the checksum layer the sidecar is listed, as Hadoop's raw file system lists it.
    java.util.List<String> raw = describe(((org.apache.hadoop.fs.LocalFileSystem) fs).getRawFileSystem().listStatus(log));
    assertThat(raw).isEqualTo(describe(((org.apache.hadoop.fs.LocalFileSystem) stock).getRawFileSystem()
        .listStatus(log))).hasSize(10);
    // A file lists as itself; a missing path is not found.
    Path one = new Path(folder.resolve("with space.json").toUri());
    assertThat(describe(fs.listStatus(one))).isEqualTo(describe(stock.listStatus(one))).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.listStatus(new Path(folder.resolve("gone").toUri())))
        .isInstanceOf(java.io.FileNotFoundException.class);
  }

  private static java.util.List<String> describe(FileStatus[] listing) {
    return java.util.Arrays.stream(listing).map(s -> s.getPath() + " len=" + s.getLen() + " dir=" + s.isDirectory()
        + " mtime=" + s.getModificationTime() + " mode=" + s.getPermission() + " owner=" + s.getOwner())
        .sorted().toList();
  }

  @Test
  void fileContextRenameWithoutOverwriteRefusesAnExistingTarget() throws Exception {
    // Delta's log store commits with exactly this call: create a temp file, rename it without overwrite.
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
    Path tmp = at(".00001.json.tmp");
    Path commit = at("00001.json");
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
      out.write('1');
    }
    fc.rename(tmp, commit, Options.Rename.NONE);
    assertThat(Files.readString(dir.resolve("00001.json"))).isEqualTo("1");
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
      out.write('2');
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fc.rename(tmp, commit, Options.Rename.NONE))
        .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("00001.json"))).isEqualTo("1");
  }

  @Test
  void aStatusSerializesWithItsPermissionsLoaded() throws Exception {
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    Files.writeString(dir.resolve("s.txt"), "s");
    Files.setPosixFilePermissions(dir.resolve("s.txt"), PosixFilePermissions.fromString("rw-------"));
    FileStatus status = fs.getFileStatus(at("s.txt"));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(status);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      FileStatus copy = (FileStatus) in.readObject();
      assertThat(copy.getPermission()).isEqualTo(new FsPermission((short) 0600));
      assertThat(copy.getOwner()).isEqualTo(status.getOwner());
    }

    ByteArrayOutputStream writable = new ByteArrayOutputStream();
    fs.getFileStatus(at("s.txt")).write(new DataOutputStream(writable));
    FileStatus read = new FileStatus();
    read.readFields(new DataInputStream(new ByteArrayInputStream(writable.toByteArray())));
    assertThat(read.getPermission()).isEqualTo(new FsPermission((short) 0600));
  }
}
