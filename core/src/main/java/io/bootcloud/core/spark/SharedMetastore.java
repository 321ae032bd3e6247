package io.bootcloud.core.spark;

import io.bootcloud.core.UserException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded default's metastore, shared by every bootcloud process on one lakehouse: a Derby
 * network server on 127.0.0.1 (Derby {@value #DERBY_VERSION}, the version Spark ships) over
 * {@code <lakehouse>/metastore/metastore_db}, started on demand by the first process that needs
 * it ({@link MetastoreServer}) and stopped by itself when the last of them exits, killed or not.
 *
 * <p>Protocol, all under {@code <lakehouse>/metastore/server/}: a process takes the file lock
 * {@code start.lock}, registers its pid as {@code clients/<pid>}, reuses the server that
 * {@code server.properties} names when it answers, or else starts one and waits for that file;
 * then it releases the lock. The server polls the client files under the same lock and shuts
 * Derby down, still holding it, once no registered pid is alive. So a process either joins a
 * live server or starts a new one after the old one closed the database, never in between.
 */
public final class SharedMetastore {

  public static final String DERBY_VERSION = "10.16.1.1";
  public static final String HOST = "127.0.0.1";
  public static final String CLIENT_DRIVER = "org.apache.derby.jdbc.ClientDriver";
  private static final long START_TIMEOUT_MILLIS = 120_000;

  /** The server this JVM has joined (or is starting), per metastore folder. */
  private static final Map<Path, Joining> JOINED = new java.util.concurrent.ConcurrentHashMap<>();

  private SharedMetastore() {}

  /** A running metastore server: its process, port and the client pids registered with it. */
  public record Server(long pid, int port, String startedAt, Path metastore, List<Long> clients) {
    public String jdbcUrl() {
      return urlFor(port);
    }

    static String urlFor(int port) {
      return "jdbc:derby://" + HOST + ":" + port + "/metastore_db;create=true";
    }

    public String describe() {
      return "Derby network server pid " + pid + " on " + HOST + ":" + port + " over " + metastore
          + " (since " + startedAt + ", " + clients.size() + " client process" + (clients.size() == 1 ? "" : "es")
          + (clients.isEmpty() ? "" : " " + clients) + ")";
    }
  }

  /** A join whose server may still be starting: its JDBC URL at once, the server once it answers. */
  public record Joining(String jdbcUrl, java.util.concurrent.CompletableFuture<Server> ready) {
    /** Waits until the server answers; its start-up failure as the exception. */
    public Server await() {
      try {
        return ready.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
  }

  /**
   * Joins the lakehouse's metastore server (starting it when none runs) and returns its JDBC
   * URL once it answers. This process stays registered until it exits.
   */
  public static String join(Lakehouse lakehouse) {
    return joinAsync(lakehouse).await().jdbcUrl();
  }

  /**
   * As {@link #join}, without waiting for a server this call starts: a job starts Spark meanwhile
   * and waits ({@link #awaitJoined}) only before its first catalog access. The start lock stays
   * held until the new server answers, so other processes wait for it instead of starting a second.
   */
  public static synchronized Joining joinAsync(Lakehouse lakehouse) {
    Path metastore = lakehouse.metastore().toAbsolutePath().normalize();
    Joining known = JOINED.get(metastore);
    if (known != null && (!known.ready().isDone() || !known.ready().isCompletedExceptionally()
        && answers(known.ready().join().port()))) {
      return known;
    }
    Layout layout = new Layout(metastore);
    FileChannel channel = null;
    FileLock lock = null;
    boolean handedOver = false;
    try {
      Files.createDirectories(layout.clients());
      channel = layout.openStartLock();
      lock = channel.lock();
      Path me = layout.clients().resolve(Long.toString(ProcessHandle.current().pid()));
      if (!Files.exists(me)) {
        // A normal exit leaves at once and, as the last user, waits for the server to be gone: nothing
        // outlives the command (a killed process is noticed by the server's poll instead).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> leave(lakehouse, 10_000), "metastore-leave"));
      }
      Files.writeString(me, startOf(ProcessHandle.current()));
      Optional<Server> running = layout.running().filter(s -> answers(s.port()));
      if (running.isPresent()) {
        Joining joined = new Joining(running.get().jdbcUrl(),
            java.util.concurrent.CompletableFuture.completedFuture(running.get()));
        JOINED.put(metastore, joined);
        return joined;
      }
      int port = freePort();
      Process process = spawn(layout, port);
      FileChannel heldChannel = channel;
      FileLock heldLock = lock;
      java.util.concurrent.CompletableFuture<Server> ready = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return awaitStarted(layout, process, port);
        } finally {
          try {
            heldLock.release();
            heldChannel.close();
          } catch (IOException ignored) {
            // the lock goes with the channel
          }
        }
      });
      handedOver = true;
      Joining joining = new Joining(Server.urlFor(port), ready);
      JOINED.put(metastore, joining);
      return joining;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start or join the metastore server under " + metastore, e);
    } finally {
      if (!handedOver) {
        try {
          if (lock != null) {
            lock.release();
          }
          if (channel != null) {
            channel.close();
          }
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  /**
   * Ends this process's use of the lakehouse's server: its client file goes, and when no other
   * client is alive this waits (up to {@code timeoutMillis}) until the server has shut Derby down and
   * exited, so that the lakehouse folder can be deleted or copied at once.
   */
  public static void leave(Lakehouse lakehouse, long timeoutMillis) {
    Path metastore = lakehouse.metastore().toAbsolutePath().normalize();
    JOINED.remove(metastore);
    Layout layout = new Layout(metastore);
    Optional<Server> server = layout.running();
    try {
      Files.deleteIfExists(layout.clients().resolve(Long.toString(ProcessHandle.current().pid())));
    } catch (IOException gone) {
      // nothing to remove
    }
    if (server.isPresent() && layout.liveClients().isEmpty()) {
      ProcessHandle.of(server.get().pid()).ifPresent(h -> {
        try {
          h.onExit().get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          // it stops by itself a moment later
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }

  /** Waits for the server this JVM is joining over {@code lakehouse}'s metastore, if it is starting one. */
  public static void awaitJoined(Lakehouse lakehouse) {
    Joining j = JOINED.get(lakehouse.metastore().toAbsolutePath().normalize());
    if (j != null) {
      j.await();
    }
  }

  /** The server running over {@code lakehouse}'s metastore, if any. */
  public static Optional<Server> status(Lakehouse lakehouse) {
    Layout layout = new Layout(lakehouse.metastore().toAbsolutePath().normalize());
    return layout.running().filter(s -> answers(s.port()));
  }

  /** Stops the server over {@code lakehouse}'s metastore (SIGTERM, then waits); false when none ran. */
  public static boolean stop(Lakehouse lakehouse, long timeoutMillis) {
    Optional<Server> server = status(lakehouse);
    if (server.isEmpty()) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(server.get().pid());
    process.ifPresent(ProcessHandle::destroy);
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (process.isPresent() && process.get().isAlive() && System.currentTimeMillis() < deadline) {
      sleep(100);
    }
    process.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
    return true;
  }

  private static Process spawn(Layout layout, int port) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      // Its own session: Ctrl-C in the terminal that happened to start it leaves it to the others.
      cmd.add("/usr/bin/setsid");
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dderby.stream.error.file="
            + layout.metastore().resolve("derby.log"),
        "-cp", serverClasspath(), MetastoreServer.class.getName(), layout.metastore().toString(),
        Integer.toString(port)));
    Files.deleteIfExists(layout.serverProperties());
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    return process;
  }

  private static Server awaitStarted(Layout layout, Process process, int port) {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      Optional<Server> up = layout.running().filter(s -> answers(s.port()));
      if (up.isPresent()) {
        System.err.println("bootcloud: started the shared metastore: " + up.get().describe()
            + "; it stops when the last bootcloud process using it exits (log: " + layout.log() + ")");
        return up.get();
      }
      if (!process.isAlive() && !descendantsAlive(process)) {
        throw new UserException("the metastore server exited with code " + process.exitValue()
            + " before it answered; see " + layout.log() + " and " + layout.metastore().resolve("derby.log"));
      }
      sleep(50);
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    throw new UserException("the metastore server did not answer on " + HOST + ":" + port + " within "
        + START_TIMEOUT_MILLIS / 1000 + " s; see " + layout.log());
  }

  static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Object::toString).orElse("");
  }

  private static boolean descendantsAlive(Process process) {
    return process.descendants().anyMatch(ProcessHandle::isAlive);
  }

  /**
   * The server's classpath: the folders or jars holding this class and Derby's engine, shared
   * classes, tools and network server, wherever they come from (the build's module jars, the
   * launcher's classpath, or the shaded jar plus Spark's jars under spark-submit).
   */
  static String serverClasspath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String name : List.of(MetastoreServer.class.getName(), "org.apache.derby.drda.NetworkServerControl",
        "org.apache.derby.iapi.jdbc.InternalDriver", "org.apache.derby.shared.common.info.ProductVersionHolder",
        "org.apache.derby.jdbc.EmbeddedDriver")) {
      try {
        Class<?> c = Class.forName(name, false, SharedMetastore.class.getClassLoader());
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (ReflectiveOperationException | java.net.URISyntaxException | NullPointerException e) {
        throw new IllegalStateException("the metastore server needs " + name + " (Derby " + DERBY_VERSION
            + ") on the classpath", e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(HOST, 0));
      return s.getLocalPort();
    }
  }

  static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the metastore server", e);
    }
  }

  /** The files of the protocol under {@code <metastore>/server/}. */
  record Layout(Path metastore) {
    Path dir() {
      return metastore.resolve("server");
    }

    Path clients() {
      return dir().resolve("clients");
    }

    Path serverProperties() {
      return dir().resolve("server.properties");
    }

    Path log() {
      return dir().resolve("server.log");
    }

    FileChannel openStartLock() throws IOException {
      Files.createDirectories(dir());
      return FileChannel.open(dir().resolve("start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** The server that server.properties names, when its process is alive. */
    Optional<Server> running() {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(serverProperties())) {
        p.load(in);
      } catch (IOException none) {
        return Optional.empty();
      }
      try {
        long pid = Long.parseLong(p.getProperty("pid"));
        int port = Integer.parseInt(p.getProperty("port"));
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(new Server(pid, port, p.getProperty("started_at", "?"), metastore, liveClients()));
      } catch (RuntimeException unreadable) {
        return Optional.empty();
      }
    }

    void writeServerProperties(Properties p) throws IOException {
      Path tmp = dir().resolve("server.properties.tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "the shared metastore server (bootcloud); removed when it stops");
      }
      Files.move(tmp, serverProperties(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes server.properties when it still names {@code pid}. */
    void removeServerProperties(long pid) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(serverProperties())) {
        p.load(in);
        if (Long.toString(pid).equals(p.getProperty("pid"))) {
          Files.deleteIfExists(serverProperties());
        }
      } catch (IOException gone) {
        // nothing to remove
      }
    }

    List<Long> liveClients() {
      List<Long> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(clients())) {
        files.forEach(f -> {
          try {
            long pid = Long.parseLong(f.getFileName().toString());
            String started = Files.readString(f).trim();
            // The start instant guards against a reused pid keeping the server up for ever.
            if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> started.isEmpty() || started.equals(startOf(h))).isPresent()) {
              out.add(pid);
            }
          } catch (NumberFormatException | IOException other) {
            // not a client file, or one just deleted
          }
        });
      } catch (IOException gone) {
        // no clients folder (the lakehouse was deleted): no clients
      }
      out.sort(null);
      return out;
    }

    /** Deletes the files of dead clients; true while a registered client is alive. */
    boolean pruneDeadClients() {
      List<Long> live = liveClients();
      try (Stream<Path> files = Files.list(clients())) {
        files.filter(f -> !live.contains(parsePid(f))).forEach(f -> f.toFile().delete());
      } catch (IOException gone) {
        return false;
      }
      return !live.isEmpty();
    }

    private static long parsePid(Path f) {
      try {
        return Long.parseLong(f.getFileName().toString());
      } catch (NumberFormatException other) {
        return -1;
      }
    }
  }
}
