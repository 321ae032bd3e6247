package io.bootcloud.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class LakehouseTest {

  @Test
  void optionWinsOverEnvironmentWhichWinsOverHome() {
    Map<String, String> env = Map.of(Lakehouse.ENV, "/from/env");
    assertThat(Lakehouse.resolve(Path.of("/opt"), env, "/home/x").root()).isEqualTo(Path.of("/opt"));
    assertThat(Lakehouse.resolve(null, env, "/home/x").root()).isEqualTo(Path.of("/from/env"));
    assertThat(Lakehouse.resolve(null, Map.of(), "/home/x").root()).isEqualTo(Path.of("/home/x/var/lakehouse"));
    assertThat(Lakehouse.resolve(null, Map.of(), "/home/x").warehouse()).isEqualTo(Path.of("/home/x/var/lakehouse/warehouse"));
  }

  @Test
  void embeddedDefaultsFillOnlyWhatIsNotConfigured(@org.junit.jupiter.api.io.TempDir Path dir) {
    Lakehouse lh = new Lakehouse(dir.resolve("lh"));
    Map<String, String> bare = SparkSessionFactory.defaultsFor(new SparkConf(false), lh, Map.of());
    // Joined (started) the lakehouse's shared metastore server.
    int port = SharedMetastore.status(lh).orElseThrow().port();
    assertThat(bare).containsEntry("spark.master", "local[*]")
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .containsEntry("spark.sql.catalogImplementation", "hive")
        .containsEntry("spark.sql.warehouse.dir", lh.warehouse().toUri().toString())
        .containsEntry("spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby://127.0.0.1:" + port + "/metastore_db;create=true")
        .containsEntry("spark.hadoop.javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.ClientDriver")
        .containsEntry("spark.hadoop.fs.file.impl", "io.bootcloud.core.spark.fs.NioLocalFileSystem")
        .containsEntry("spark.databricks.delta.allFilesInCrc.enabled", "false");

    SparkConf cluster = new SparkConf(false)
        .set("spark.master", "yarn")
        .set("spark.sql.warehouse.dir", "s3a://bucket/warehouse")
        .set("spark.hadoop.hive.metastore.uris", "thrift://metastore:9083");
    Map<String, String> onCluster = SparkSessionFactory.defaultsFor(cluster, lh, Map.of());
    assertThat(onCluster).doesNotContainKeys("spark.master", "spark.sql.warehouse.dir",
        "spark.hadoop.javax.jdo.option.ConnectionURL", "spark.sql.shuffle.partitions");
    assertThat(onCluster).containsEntry("spark.sql.catalog.spark_catalog",
        "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    SharedMetastore.leave(lh, 10_000);
    assertThat(SharedMetastore.status(lh)).isEmpty();
  }

  @Test
  void theProductionMetastoreComesFromTheEnvironmentAndStartsNoServer(@org.junit.jupiter.api.io.TempDir Path dir) {
    Lakehouse lh = new Lakehouse(dir.resolve("lh"));
    Map<String, String> env = Map.of("BOOTCLOUD_METASTORE_URL", "jdbc:postgresql://db:5432/metastore",
        "BOOTCLOUD_METASTORE_USER", "hive", "BOOTCLOUD_METASTORE_PASSWORD", "secret");
    Map<String, String> prod = SparkSessionFactory.defaultsFor(new SparkConf(false), lh, env);
    assertThat(prod).containsEntry("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:postgresql://db:5432/metastore")
        .containsEntry("spark.hadoop.javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver")
        .containsEntry("spark.hadoop.javax.jdo.option.ConnectionUserName", "hive")
        .containsEntry("spark.hadoop.javax.jdo.option.ConnectionPassword", "secret")
        .containsEntry("spark.hadoop.datanucleus.schema.autoCreateTables", "true")
        .containsEntry("spark.hadoop.datanucleus.schema.autoCreateConstraints", "false");
    assertThat(lh.metastore()).doesNotExist();
    assertThat(SparkSessionFactory.metastoreFromEnvironment(Map.of("BOOTCLOUD_METASTORE_URL",
        "jdbc:postgresql://db/m", "BOOTCLOUD_METASTORE_AUTOCREATE", "false")))
        .containsEntry("spark.hadoop.datanucleus.schema.autoCreateTables", "false")
        .doesNotContainKey("spark.hadoop.javax.jdo.option.ConnectionPassword");
    // Spark configuration wins over the environment.
    SparkConf configured = new SparkConf(false).set("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:x://y");
    assertThat(SparkSessionFactory.defaultsFor(configured, lh, env))
        .doesNotContainKeys("spark.hadoop.javax.jdo.option.ConnectionURL", "spark.hadoop.javax.jdo.option.ConnectionPassword");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkSessionFactory.metastoreFromEnvironment(
        Map.of("BOOTCLOUD_METASTORE_URL", "jdbc:mysql://db/m"))).hasMessageContaining("must be a jdbc:postgresql://");
  }
}
