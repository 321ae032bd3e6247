package io.bootcloud.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bootcloud catalog}: every table of the catalog with the location the metastore records
 * for it, and the audit views. Readers outside Spark (the notebooks with delta-rs) open tables
 * where this says they are, never at a warehouse path of their own.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List every table with its location as the metastore records it, and the audit views "
        + "(what readers outside Spark, such as the notebooks, open).")
final class CatalogCommand implements Callable<Integer> {

  enum Format { table, json }

  /** One entry of the listing: a table with its storage location, or a view (no location). */
  record Entry(String name, String kind, String location) {}

  @Mixin GlobalOptions global;

  @Option(names = "--format", defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Format format;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<Entry> entries = entries(global.openSpark("catalog"));
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode root = m.createObjectNode();
      ArrayNode tables = root.putArray("tables");
      for (Entry e : entries) {
        tables.addObject().put("name", e.name()).put("kind", e.kind()).put("location", e.location());
      }
      out.println(m.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    } else {
      for (Entry e : entries) {
        out.printf("%-34s %-5s %s%n", e.name(), e.kind(), e.location() == null ? "" : e.location());
      }
    }
    out.flush();
    return 0;
  }

  /** The catalog's tables in their order, then the audit views; a table the metastore lacks is an error. */
  static List<Entry> entries(SparkSession spark) throws Exception {
    List<Entry> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (TableDef t : Catalog.ALL) {
      if (!spark.catalog().tableExists(t.fullName())) {
        missing.add(t.fullName());
        continue;
      }
      TableIdentifier id = spark.sessionState().sqlParser().parseTableIdentifier(t.fullName());
      out.add(new Entry(t.fullName(), "table",
          spark.sessionState().catalog().getTableMetadata(id).location().toString()));
    }
    if (!missing.isEmpty()) {
      throw new UserException("the metastore has no " + String.join(", ", missing)
          + ": run 'bootcloud init' on this lakehouse first", UserException.EXIT_FAILED);
    }
    for (String v : Catalog.AUDIT_VIEWS) {
      out.add(new Entry("audit." + v, "view", null));
    }
    return out;
  }
}
