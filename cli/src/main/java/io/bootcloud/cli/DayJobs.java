package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.io.RewardRuns;
import org.apache.spark.sql.SparkSession;

/** What every day job's command does before the job: the lakehouse must have been initialised. */
final class DayJobs {

  private DayJobs() {}

  static SparkSession open(GlobalOptions global, String job) {
    SparkSession spark = global.openSpark(job);
    for (TableDef t : Catalog.ALL) {
      if (!spark.catalog().tableExists(t.fullName())) {
        throw new UserException("table " + t.fullName() + " does not exist in "
            + spark.conf().get("spark.sql.warehouse.dir") + "; run 'bootcloud init' first");
      }
    }
    // A lakehouse of an earlier release lacks the view that decides which runs readers see.
    if (!spark.catalog().tableExists(RewardRuns.VIEW)) {
      throw new UserException("view " + RewardRuns.VIEW + " does not exist: this lakehouse was made by an earlier "
          + "release; run 'bootcloud init' to add the audit views and the run-status constraint it needs");
    }
    return spark;
  }
}
