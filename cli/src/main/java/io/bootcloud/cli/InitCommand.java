package io.bootcloud.cli;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.catalog.CatalogInitializer.Action;
import io.bootcloud.core.catalog.CatalogInitializer.Outcome;
import io.bootcloud.core.spark.Lakehouse;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bootcloud init}: creates every schema and table of the catalog. Running it again
 * changes nothing; a table whose existing schema differs is refused, naming the difference.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Create the lakehouse schemas and tables (idempotent; refuses a table whose schema differs).")
final class InitCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Lakehouse lakehouse = global.resolveLakehouse();
    SparkSession spark = global.openSpark("init");
    out.println("lakehouse: " + spark.conf().get("spark.sql.warehouse.dir")
        + " (metastore: " + spark.conf().get("spark.sql.catalogImplementation") + ")");
    out.flush();
    List<Outcome> outcomes = new CatalogInitializer(spark).initialize(Catalog.ALL);
    for (Outcome o : outcomes) {
      out.printf("  %-34s %s%n", o.table(), o.action().name().toLowerCase().replace('_', ' '));
    }
    long created = outcomes.stream().filter(o -> o.action() == Action.CREATED).count();
    long changed = outcomes.stream()
        .filter(o -> o.action() != Action.CREATED && o.action() != Action.UNCHANGED).count();
    out.printf("%d tables: %d created, %d updated, %d unchanged (embedded default under %s)%n",
        outcomes.size(), created, changed, outcomes.size() - created - changed, lakehouse.root());
    out.printf("%d audit views: %s%n", Catalog.AUDIT_VIEWS.size(),
        String.join(", ", Catalog.AUDIT_VIEWS.stream().map(v -> "audit." + v).toList()));
    out.flush();
    return 0;
  }
}
