package io.bootcloud.dev.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An S3-compatible object store on 127.0.0.1 for the object-storage topology: moto's standalone
 * server (PyPI, pinned in {@code dev/s3/requirements.lock}, in {@code dev/s3/.venv}), a child
 * process stopped on {@link #close()}. It keeps objects in memory and accepts any key pair, so S3A
 * signs with the fixed dummy pair {@value #DUMMY_KEY}/{@value #DUMMY_KEY} ({@link #sparkSettings()}):
 * not a secret, and no real credential is ever involved.
 */
public final class S3Server implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** The access key and secret S3A sends: moto's documented placeholder, accepted as any other. */
  public static final String DUMMY_KEY = "testing";

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private S3Server(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the server of the bootcloud checkout {@code home} on {@code port} (0: a free one),
   * creating its Python environment first when missing ({@code dev/python-venv.sh dev/s3}); its
   * log in {@code log}.
   */
  public static S3Server start(Path home, int port, Path log) throws IOException {
    Path env = home.resolve("dev").resolve("s3");
    run(List.of(home.resolve("dev").resolve("python-venv.sh").toString(), env.toString()));
    if (port == 0) {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p = new ProcessBuilder(env.resolve(".venv").resolve("bin").resolve("moto_server").toString(), "-H",
        "127.0.0.1", "-p", Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3Server server = new S3Server(p, port);
    try {
      server.awaitAnswer(log);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * What Spark needs to reach this server through S3A ({@code s3a://bucket/...}): the endpoint,
   * path-style addressing, plain HTTP, a region, and the dummy key pair (anonymous requests are
   * refused by moto for a missing object's metadata, which Delta asks for).
   */
  public Map<String, String> sparkSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("spark.hadoop.fs.s3a.endpoint", endpoint());
    s.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    s.put("spark.hadoop.fs.s3a.path.style.access", "true");
    s.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    s.put("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("spark.hadoop.fs.s3a.access.key", DUMMY_KEY);
    s.put("spark.hadoop.fs.s3a.secret.key", DUMMY_KEY);
    return s;
  }

  /** Creates {@code bucket} (an S3 PUT Bucket). */
  public void createBucket(String bucket) throws IOException {
    send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket)).PUT(HttpRequest.BodyPublishers.noBody()),
        "create bucket " + bucket);
  }

  /** Uploads every file under {@code dir} to {@code s3a://bucket/prefix/<relative path>}; returns how many. */
  public int upload(Path dir, String bucket, String prefix) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String key = prefix + "/" + dir.relativize(f).toString().replace('\\', '/');
      send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket + "/" + key))
          .PUT(HttpRequest.BodyPublishers.ofFile(f)), "upload " + key);
    }
    return files.size();
  }

  private void send(HttpRequest.Builder request, String what) throws IOException {
    try {
      HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException(what + " failed: HTTP " + r.statusCode() + " " + r.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + what, e);
    }
  }

  private void awaitAnswer(Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("moto_server exited (" + process.exitValue() + "); log " + log + ":\n"
            + Files.readString(log));
      }
      try {
        send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).GET(), "list buckets");
        return;
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while moto_server started", e);
      }
    }
    throw new IOException("moto_server did not answer within " + START_TIMEOUT.toSeconds() + " s; log " + log);
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    try {
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " failed");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
