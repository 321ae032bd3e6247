package io.bootcloud.dev.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A local {@code anvil} dev chain (npm {@code @foundry-rs/anvil}, pinned in
 * settlement-export/package-lock.json) on 127.0.0.1, started as a child process and stopped on
 * {@link #close()}. The binary is {@code $BOOTCLOUD_ANVIL}, else
 * {@code settlement-export/node_modules/.bin/anvil} under the bootcloud folder.
 */
public final class Anvil implements AutoCloseable {

  public static final String ENV = "BOOTCLOUD_ANVIL";
  public static final long CHAIN_ID = 31337;

  private final Process process;
  private final int port;
  private final List<String> output = new ArrayList<>();
  /** Stops anvil when the JVM ends without {@link #close()} (Ctrl-C, SIGTERM): it writes its state and exits. */
  private final Thread stopAtExit;

  private Anvil(Process process, int port) {
    this.process = process;
    this.port = port;
    this.stopAtExit = new Thread(process::destroy, "anvil-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** Starts anvil on a free loopback port (state on disk under {@code stateFile} when given) and waits until it answers. */
  public static Anvil start(Path stateFile, Duration blockTime) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--chain-id", Long.toString(CHAIN_ID)));
    if (!blockTime.isZero()) {
      // Fractions of a second are allowed: tests mine every 250 ms to wait less for confirmations.
      cmd.addAll(List.of("--block-time", java.math.BigDecimal.valueOf(blockTime.toMillis(), 3).stripTrailingZeros()
          .toPlainString()));
    }
    if (stateFile != null) {
      cmd.addAll(List.of("--state", stateFile.toString()));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Anvil anvil = new Anvil(p, port);
    try {
      anvil.awaitListening(Duration.ofSeconds(60));
    } catch (IOException | RuntimeException e) {
      anvil.close();
      throw e;
    }
    return anvil;
  }

  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitListening(Duration timeout) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Instant deadline = Instant.now().plus(timeout);
    String line;
    while ((line = out.readLine()) != null) {
      synchronized (output) {
        output.add(line);
      }
      if (line.contains("Listening on")) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe empty so anvil never blocks on its log
            }
          } catch (IOException ignored) {
            // the process ended
          }
        }, "anvil-log");
        drain.setDaemon(true);
        drain.start();
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        break;
      }
    }
    process.destroyForcibly();
    throw new IOException("anvil did not start; its output: " + String.join(" | ", output));
  }

  /** The anvil binary from npm; a clear error when the build has not installed it. */
  public static Path binary() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    List<Path> candidates = new ArrayList<>();
    String home = System.getProperty("bootcloud.home");
    if (home != null) {
      candidates.add(Path.of(home, "settlement-export", "node_modules", ".bin", "anvil"));
    }
    candidates.add(Path.of("node_modules", ".bin", "anvil"));
    candidates.add(Path.of("..", "settlement-export", "node_modules", ".bin", "anvil"));
    for (Path c : candidates) {
      if (Files.isExecutable(c)) {
        return c.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("anvil not found (looked at " + candidates + "); the build installs it with "
        + "'npm ci' in settlement-export, or set $" + ENV);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
