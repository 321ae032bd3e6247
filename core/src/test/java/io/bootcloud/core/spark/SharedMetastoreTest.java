package io.bootcloud.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared metastore server with real processes: two client JVMs join one server; it outlives a
 * client killed with SIGKILL while another lives, stops by itself once the last one is killed too,
 * and {@link SharedMetastore#stop} stops it on demand. This test JVM never joins, so the child
 * processes are the only clients.
 */
class SharedMetastoreTest {

  /** A client process: joins the lakehouse's server, prints its URL, then waits to be killed. */
  public static final class Client {
    public static void main(String[] args) throws Exception {
      String url = SharedMetastore.join(new Lakehouse(Path.of(args[0])));
      try (Connection c = DriverManager.getConnection(url);
           ResultSet r = c.createStatement().executeQuery("VALUES 1")) {
        r.next();
        System.out.println("joined " + url + " answered " + r.getInt(1));
      }
      System.out.flush();
      if (args.length > 1 && args[1].equals("exit")) {
        System.out.println("server pid " + SharedMetastore.status(new Lakehouse(Path.of(args[0]))).orElseThrow().pid());
        return; // a normal exit: the shutdown hook leaves and waits for the server
      }
      Thread.sleep(120_000);
    }
  }

  private static Process client(Path lakehouse) throws Exception {
    return new ProcessBuilder(ChildJvm.javaCommand(Client.class.getName(), lakehouse.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static String joined(Process p) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("joined ")) {
        return line;
      }
    }
    throw new AssertionError("the client exited without joining");
  }

  private static Optional<SharedMetastore.Server> waitUntilGone(Lakehouse lh) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (SharedMetastore.status(lh).isPresent() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    return SharedMetastore.status(lh);
  }

  @Test
  void twoProcessesShareOneServerWhichStopsAfterTheLastIsKilled(@TempDir Path dir) throws Exception {
    Lakehouse lh = new Lakehouse(dir.resolve("lakehouse"));
    Process first = client(lh.root());
    Process second = null;
    try {
      String firstJoined = joined(first);
      assertThat(firstJoined).endsWith(" answered 1");
      SharedMetastore.Server server = SharedMetastore.status(lh).orElseThrow();
      assertThat(server.clients()).containsExactly(first.pid());

      second = client(lh.root());
      String secondJoined = joined(second);
      assertThat(secondJoined).as("the second process joins the same server").isEqualTo(firstJoined);
      assertThat(SharedMetastore.status(lh).orElseThrow().pid()).isEqualTo(server.pid());
      assertThat(SharedMetastore.status(lh).orElseThrow().clients()).containsExactlyInAnyOrder(first.pid(),
          second.pid());

      first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no goodbye
      Thread.sleep(1000);
      assertThat(SharedMetastore.status(lh)).as("still serving the second process").isPresent();
      assertThat(SharedMetastore.status(lh).orElseThrow().clients()).containsExactly(second.pid());

      second.destroyForcibly().waitFor();
      assertThat(waitUntilGone(lh)).as("the server stops once no client is alive").isEmpty();
      Optional<ProcessHandle> process = ProcessHandle.of(server.pid());
      assertThat(process.isEmpty() || process.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS) != null)
          .as("its process has exited").isTrue();
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
    }
  }

  @Test
  void stopEndsARunningServerAtOnce(@TempDir Path dir) throws Exception {
    Lakehouse lh = new Lakehouse(dir.resolve("lakehouse"));
    assertThat(SharedMetastore.stop(lh, 1000)).as("nothing to stop").isFalse();
    Process client = client(lh.root());
    try {
      joined(client);
      long pid = SharedMetastore.status(lh).orElseThrow().pid();
      assertThat(SharedMetastore.stop(lh, 30_000)).isTrue();
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(SharedMetastore.status(lh)).isEmpty();
    } finally {
      client.destroyForcibly();
    }
  }

  @Test
  void whenTheLastUserExitsNormallyTheServerIsGoneBeforeItsProcessEnds(@TempDir Path dir) throws Exception {
    Lakehouse lh = new Lakehouse(dir.resolve("lakehouse"));
    Process client = new ProcessBuilder(ChildJvm.javaCommand(Client.class.getName(), lh.root().toString(), "exit"))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue()).as(out).isZero();
    long serverPid = Long.parseLong(out.lines().filter(l -> l.startsWith("server pid ")).findFirst().orElseThrow()
        .substring("server pid ".length()));
    // No waiting here: the command's own exit waited for the server, so nothing outlives it.
    assertThat(ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(SharedMetastore.status(lh)).isEmpty();
  }
}
