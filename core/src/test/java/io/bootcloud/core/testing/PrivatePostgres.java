package io.bootcloud.core.testing;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL 15 cluster for one test, from Debian's {@code postgresql-15} package
 * ({@code /usr/lib/postgresql/15/bin}, or {@code $BOOTCLOUD_PG_BIN}): {@code initdb} into a
 * temporary folder with password authentication, a server on a free 127.0.0.1 port, and a
 * database {@value #DATABASE} owned by user {@value #USER}. As root the cluster runs as the
 * {@code postgres} user ({@code runuser}), since PostgreSQL refuses to run as root. {@link #close}
 * stops the server and deletes the folder.
 */
public final class PrivatePostgres implements AutoCloseable {

  public static final String USER = "bootcloud";
  public static final String DATABASE = "metastore";
  /** A throw-away password of a throw-away cluster that listens on loopback only. */
  public static final String PASSWORD = "test-only-metastore-password";

  private final Path dir;
  private final Path bin;
  private final int port;
  private final boolean asPostgres;

  private PrivatePostgres(Path dir, Path bin, int port, boolean asPostgres) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  public static PrivatePostgres start() throws Exception {
    Path bin = Path.of(System.getenv().getOrDefault("BOOTCLOUD_PG_BIN", "/usr/lib/postgresql/15/bin"));
    if (!Files.isExecutable(bin.resolve("initdb"))) {
      throw new IllegalStateException("PostgreSQL 15 server binaries not found in " + bin
          + ": install Debian's postgresql-15 (.ci/run does) or set BOOTCLOUD_PG_BIN");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("bootcloud-pg");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(root ? "rwxrwxrwx" : "rwx------"));
    Path pw = dir.resolve("pw");
    Files.writeString(pw, PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString(root ? "rw-r--r--" : "rw-------"));
    int port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      port = s.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(dir, bin, port, root);
    // A test JVM stopped before close() still stops its cluster.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (Files.isDirectory(dir.resolve("data"))) {
        try {
          pg.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
              "stop"));
        } catch (Exception ignored) {
          // best effort
        }
        SharedSpark.deleteQuietly(dir);
      }
    }, "private-postgres-stop"));
    pg.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
        "--pwfile=" + pw, "--auth=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions"));
    Files.delete(pw);
    pg.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "120",
        "-l", dir.resolve("server.log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60", "start"));
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), USER, PASSWORD);
         Statement st = c.createStatement()) {
      st.executeUpdate("CREATE DATABASE " + DATABASE);
    }
    return pg;
  }

  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The environment of the production metastore mode for this cluster. */
  public Map<String, String> environment() {
    return Map.of("BOOTCLOUD_METASTORE_URL", jdbcUrl(), "BOOTCLOUD_METASTORE_USER", USER,
        "BOOTCLOUD_METASTORE_PASSWORD", PASSWORD);
  }

  private void exec(List<String> command) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Path log = dir.resolve("exec.log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + Files.readString(log));
    }
  }

  @Override
  public void close() throws Exception {
    try {
      exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
          "stop"));
    } finally {
      SharedSpark.deleteQuietly(dir);
    }
  }
}
