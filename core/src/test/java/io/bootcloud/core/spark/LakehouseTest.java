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
  void embeddedDefaultsFillOnlyWhatIsNotConfigured() {
    Lakehouse lh = new Lakehouse(Path.of("/lh"));
    Map<String, String> bare = SparkSessionFactory.defaultsFor(new SparkConf(false), lh);
    assertThat(bare).containsEntry("spark.master", "local[*]")
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .containsEntry("spark.sql.catalogImplementation", "hive")
        .containsEntry("spark.sql.warehouse.dir", "file:///lh/warehouse")
        .containsEntry("spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=/lh/metastore/metastore_db;create=true")
        .containsEntry("spark.hadoop.fs.file.impl", "io.bootcloud.core.spark.fs.NioLocalFileSystem")
        .containsEntry("spark.databricks.delta.allFilesInCrc.enabled", "false");

    SparkConf cluster = new SparkConf(false)
        .set("spark.master", "yarn")
        .set("spark.sql.warehouse.dir", "s3a://bucket/warehouse")
        .set("spark.hadoop.hive.metastore.uris", "thrift://metastore:9083");
    Map<String, String> onCluster = SparkSessionFactory.defaultsFor(cluster, lh);
    assertThat(onCluster).doesNotContainKeys("spark.master", "spark.sql.warehouse.dir",
        "spark.hadoop.javax.jdo.option.ConnectionURL", "spark.sql.shuffle.partitions");
    assertThat(onCluster).containsEntry("spark.sql.catalog.spark_catalog",
        "org.apache.spark.sql.delta.catalog.DeltaCatalog");
  }
}
