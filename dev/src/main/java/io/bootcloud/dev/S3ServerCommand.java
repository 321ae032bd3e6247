package io.bootcloud.dev;

import io.bootcloud.dev.cluster.S3Server;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bootcloud s3-server}: a local S3-compatible server (moto) with one bucket, until Ctrl-C. */
@Command(name = "s3-server", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start an S3-compatible server on 127.0.0.1 (moto, pinned in dev/s3/requirements.lock; objects in "
        + "memory) with one bucket, and keep it up until Ctrl-C.",
        "It prints the S3A settings for spark-submit (README.md, \"On S3\")."})
final class S3ServerCommand implements Callable<Integer> {

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9000",
      description = "Port; 0 for any free port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "lake",
      description = "Bucket to create (default ${DEFAULT-VALUE}).")
  String bucket;

  @Option(names = "--upload", paramLabel = "DIR", description = "Upload this folder's files to s3a://BUCKET/landing/.")
  Path upload;

  @Option(names = "--for", paramLabel = "SECONDS",
      description = "Stop after this many seconds instead of waiting for Ctrl-C.")
  Long seconds;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = Path.of(System.getProperty("bootcloud.home", ".")).toAbsolutePath().normalize();
    try (S3Server s3 = S3Server.start(home, port, home.resolve("var/s3-server.log"))) {
      s3.createBucket(bucket);
      out.printf("s3-server: %s up with bucket s3a://%s/ (log var/s3-server.log)%n", s3.endpoint(), bucket);
      if (upload != null) {
        out.printf("s3-server: uploaded %d files to s3a://%s/landing/%n", s3.upload(upload, bucket, "landing"), bucket);
      }
      out.println("s3-server: spark-submit settings:");
      s3.sparkSettings().forEach((k, v) -> out.printf("  --conf %s=%s%n", k, v));
      Foreground.hold("s3-server", s3, seconds, out);
    }
    out.println("s3-server: stopped");
    out.flush();
    return 0;
  }
}
