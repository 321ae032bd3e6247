package io.bootcloud.core.spark;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;
import org.apache.derby.drda.NetworkServerControl;

/**
 * The process behind {@link SharedMetastore}: Derby's network server on 127.0.0.1 over the
 * lakehouse's {@code metastore/metastore_db}, so that any number of bootcloud processes (jobs,
 * {@code sql}, {@code sql-server}, {@code approve}) share one metastore. It writes
 * {@code metastore/server/server.properties} (pid, port) once it answers, and stops by itself
 * as soon as no registered client process is alive any more, so nothing outlives the commands
 * that use it. SIGTERM ({@code bootcloud services stop}) shuts Derby down cleanly too.
 *
 * <p>Run as {@code java -cp ... io.bootcloud.core.spark.MetastoreServer <metastore folder> <port>}.
 */
public final class MetastoreServer {

  private static final long POLL_MILLIS = 200;

  private MetastoreServer() {}

  public static void main(String[] args) throws Exception {
    Path metastore = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    SharedMetastore.Layout layout = new SharedMetastore.Layout(metastore);
    System.setProperty("derby.system.home", metastore.toString());
    NetworkServerControl server = new NetworkServerControl(InetAddress.getLoopbackAddress(), port);
    PrintWriter log = new PrintWriter(Files.newBufferedWriter(layout.log(), StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
    server.start(log);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        server.ping();
        break;
      } catch (Exception notYet) {
        if (System.nanoTime() > deadline) {
          log.println("the Derby network server did not answer on port " + port + " within 60 s: " + notYet);
          System.exit(3);
        }
        Thread.sleep(50);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(server, layout), "metastore-shutdown"));
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    p.setProperty("port", Integer.toString(port));
    p.setProperty("started_at", Instant.now().toString());
    layout.writeServerProperties(p);
    log.println(Instant.now() + " metastore server pid " + ProcessHandle.current().pid() + " listening on 127.0.0.1:"
        + port + " over " + metastore);
    while (true) {
      Thread.sleep(POLL_MILLIS);
      if (!Files.isDirectory(layout.dir())) {
        // The lakehouse was deleted under it (a test's temporary one): nobody can use it any more.
        log.println(Instant.now() + " the metastore folder is gone: stopping");
        shutDown(server, layout);
        break;
      }
      // Decided and done under the start lock: a client that registers meanwhile waits for it, then finds
      // no server and starts a new one over a database this one has closed.
      try (java.nio.channels.FileChannel channel = layout.openStartLock();
           java.nio.channels.FileLock lock = channel.tryLock()) {
        if (lock != null && !layout.pruneDeadClients()) {
          log.println(Instant.now() + " no bootcloud process uses the metastore any more: stopping");
          shutDown(server, layout);
          break;
        }
      }
    }
    System.exit(0);
  }

  private static volatile boolean down;

  private static synchronized void shutDown(NetworkServerControl server, SharedMetastore.Layout layout) {
    if (down) {
      return;
    }
    down = true;
    layout.removeServerProperties(ProcessHandle.current().pid());
    try {
      server.shutdown();
    } catch (Exception ignored) {
      // already stopping
    }
    try {
      DriverManager.getConnection("jdbc:derby:;shutdown=true");
    } catch (SQLException expected) {
      // Derby reports a successful system shutdown as SQLState XJ015.
    }
  }

}
