package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.io.RewardRuns;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** What every day job's command does before the job: the lakehouse must have been initialised. */
final class DayJobs {

  private DayJobs() {}

  static SparkSession open(GlobalOptions global, String job) {
    SparkSession spark = global.openSpark(job);
    requireInitialized(spark);
    return spark;
  }

  /** Refuses a lakehouse that lacks a table of the catalog or the audit view the jobs read. */
  static void requireInitialized(SparkSession spark) {
    // Names from the metastore, one call per schema: asking the session's catalog table by table would
    // load every Delta log (about a second per command) only to learn that the table is there.
    org.apache.spark.sql.catalyst.catalog.ExternalCatalog metastore = spark.sharedState().externalCatalog();
    java.util.Map<String, java.util.Set<String>> names = new java.util.HashMap<>();
    for (TableDef t : Catalog.ALL) {
      java.util.Set<String> inSchema = names.computeIfAbsent(t.schema(), s -> metastore.databaseExists(s)
          ? new java.util.HashSet<>(scala.jdk.javaapi.CollectionConverters.asJava(metastore.listTables(s)))
          : java.util.Set.of());
      if (!inSchema.contains(t.name())) {
        throw new UserException("table " + t.fullName() + " does not exist in "
            + spark.conf().get("spark.sql.warehouse.dir") + "; run 'bootcloud init' first");
      }
    }
    // A lakehouse of an earlier release lacks the views that decide which runs readers see.
    for (String name : List.of(RewardRuns.VIEW, RewardRuns.DAY_RUNS_VIEW)) {
      String[] view = name.split("\\.");
      if (!metastore.tableExists(view[0], view[1])) {
        throw new UserException("view " + name + " does not exist: this lakehouse was made by an earlier "
            + "release; run 'bootcloud init' to add the audit views and the run-status constraint it needs");
      }
    }
  }
}
