package io.bootcloud.ingestion;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import java.util.List;

/** The silver table each accepted event type goes to. */
enum SilverTarget {
  SHARES(Catalog.SHARES, "share"),
  HEARTBEATS(Catalog.HEARTBEATS, "heartbeat"),
  REGISTRY(Catalog.REGISTRY_EVENTS, "contributor", "bind", "unbind");

  final TableDef table;
  final List<String> types;

  SilverTarget(TableDef table, String... types) {
    this.table = table;
    this.types = List.of(types);
  }

  /** Whether the batch's {@code summary} counts a valid event of this table's types. */
  boolean receivesAny(BatchSummary summary) {
    return summary.hasValid(types);
  }
}
