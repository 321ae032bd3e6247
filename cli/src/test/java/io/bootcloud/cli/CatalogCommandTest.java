package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.testing.SharedSpark;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code bootcloud catalog} lists what the metastore records: before {@code init} it names the
 * missing tables; after it, every table with a location holding its Delta log, then the views.
 */
class CatalogCommandTest {

  @Test
  void listsEveryTableWhereTheMetastoreKeepsItAndRefusesAnUninitialisedLakehouse() throws Exception {
    SparkSession spark = SharedSpark.session();
    assertThatThrownBy(() -> CatalogCommand.entries(spark)).isInstanceOf(UserException.class)
        .hasMessageContaining("gold.daily_rewards").hasMessageContaining("bootcloud init");
    // Every day job's command refuses the same lakehouse, naming the first table it lacks.
    assertThatThrownBy(() -> DayJobs.requireInitialized(spark)).isInstanceOf(UserException.class)
        .hasMessage("table bronze.telemetry_raw does not exist in " + spark.conf().get("spark.sql.warehouse.dir")
            + "; run 'bootcloud init' first");

    CatalogInitializer init = new CatalogInitializer(spark);
    init.initialize(Catalog.ALL.subList(0, Catalog.ALL.size() - 1));
    TableDef last = Catalog.ALL.get(Catalog.ALL.size() - 1);
    assertThatThrownBy(() -> DayJobs.requireInitialized(spark)).isInstanceOf(UserException.class)
        .hasMessageStartingWith("table " + last.fullName() + " does not exist");
    init.initialize(Catalog.ALL);
    // The tables without the audit views: a lakehouse of an earlier release.
    spark.sql("DROP VIEW IF EXISTS " + io.bootcloud.core.io.RewardRuns.VIEW);
    assertThatThrownBy(() -> DayJobs.requireInitialized(spark)).isInstanceOf(UserException.class)
        .hasMessageStartingWith("view audit.reward_runs does not exist");
    init.createViews();
    // The release before this one had audit.reward_runs but not the view it now reads.
    spark.sql("DROP VIEW IF EXISTS " + io.bootcloud.core.io.RewardRuns.DAY_RUNS_VIEW);
    assertThatThrownBy(() -> DayJobs.requireInitialized(spark)).isInstanceOf(UserException.class)
        .hasMessageStartingWith("view audit.reward_day_runs does not exist");
    init.createViews();
    DayJobs.requireInitialized(spark);
    List<CatalogCommand.Entry> entries = CatalogCommand.entries(spark);

    assertThat(entries).hasSize(Catalog.ALL.size() + Catalog.AUDIT_VIEWS.size());
    for (int i = 0; i < Catalog.ALL.size(); i++) {
      TableDef t = Catalog.ALL.get(i);
      CatalogCommand.Entry e = entries.get(i);
      assertThat(e.name()).isEqualTo(t.fullName());
      assertThat(e.kind()).isEqualTo("table");
      Path location = Path.of(URI.create(e.location()));
      assertThat(location.resolve("_delta_log")).as(t.fullName()).isDirectory();
      assertThat(location).startsWith(SharedSpark.lakehouse().root());
    }
    assertThat(entries.subList(Catalog.ALL.size(), entries.size()))
        .allSatisfy(e -> assertThat(e.kind()).isEqualTo("view"))
        .extracting(CatalogCommand.Entry::name).contains("audit.daily_invariants", "audit.day_lifecycle");
  }
}
