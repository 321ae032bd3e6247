package io.bootcloud.cli;

import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.core.spark.SparkSessionFactory;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options every Spark-backed command shares: where the embedded lakehouse lives. */
public final class GlobalOptions {

  @Option(names = "--lakehouse", paramLabel = "DIR",
      description = "Embedded lakehouse folder (Delta warehouse + metastore). "
          + "Default: $" + Lakehouse.ENV + ", else var/lakehouse in the bootcloud folder. "
          + "Ignored for whatever spark-submit configures itself.")
  public Path lakehouse;

  public Lakehouse resolveLakehouse() {
    return Lakehouse.resolve(lakehouse);
  }

  public SparkSession openSpark(String job) {
    return SparkSessionFactory.open("bootcloud " + job, resolveLakehouse());
  }
}
