package io.bootcloud.core.catalog;

import static io.bootcloud.core.catalog.Column.optional;
import static io.bootcloud.core.catalog.Column.required;

import io.bootcloud.rules.WalletAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every table of the lakehouse, defined once (DESIGN.md "Tables auditors query": those names
 * and columns are normative; more columns may follow). Gold and settlement tables carry the
 * change data feed so auditors can see what a rerun changed; bronze and audit tables are
 * append-only. Money is {@code DECIMAL(38,0)} base units, work is {@code BIGINT} sol.
 */
public final class Catalog {

  public static final String MONEY = "DECIMAL(38,0)";

  /**
   * A non-negative integer as its exact decimal digits, for quantities that can exceed
   * DECIMAL(38,0) (sums of squares of BIGINT values).
   */
  public static final String EXACT_INTEGER = "STRING";

  private static final Map<String, String> APPEND_ONLY = Map.of("delta.appendOnly", "true");

  /**
   * Delta collects min/max statistics on these columns only (not on every column, its default):
   * on the event tables, per-row statistics of ids and raw lines cost ingest more than a third
   * of its write time and skip nothing. Kept: where a row came from and which run wrote it.
   */
  private static Map<String, String> statsOn(String columns) {
    return Map.of("delta.dataSkippingStatsColumns", columns);
  }
  private static final Map<String, String> CHANGE_FEED = Map.of("delta.enableChangeDataFeed", "true");

  public static final TableDef TELEMETRY_RAW = table("bronze", "telemetry_raw",
      "Every landing line exactly as received, with where it came from (append-only).")
      .col(required("dt", "DATE", "Landing folder date (dt=YYYY-MM-DD) the file was delivered under"))
      .col(required("source_file", "STRING", "Landing file path relative to the landing root"))
      .col(required("line_number", "BIGINT", "1-based line number in the (decompressed) file"))
      .col(required("raw", "STRING", "The line exactly as received, UTF-8"))
      .col(required("ingest_run_id", "STRING", "Ingest batch that read it: stream query id and batch id"))
      .col(required("ingested_at", "TIMESTAMP", "When the ingest run read the line (UTC)"))
      .partitionBy("dt").check("line_number_positive", "line_number >= 1")
      .props(APPEND_ONLY).props(statsOn("source_file,line_number,ingest_run_id")).build();

  public static final TableDef SHARES = table("silver", "shares",
      "Accepted proof-of-power shares, one row per distinct event_id.")
      .col(required("day", "DATE", "Settlement day of the share's own timestamp (ruleset time zone)"))
      .col(required("event_id", "STRING", "Producer-assigned unique event id; repeats are the same event"))
      .col(required("device_id", "STRING", "BootDisk that found the share"))
      .col(required("ts", "TIMESTAMP", "When the share was found (UTC)"))
      .col(required("difficulty", "BIGINT", "Work the share proves, in sol (>= 1)"))
      .col(optional("job_id", "STRING", "Mining job the share answers"))
      .col(optional("nonce", "STRING", "Nonce that solves the job"))
      .col(required("is_late", "BOOLEAN", "Arrived after its day was settled; never added to that day"))
      .col(required("source_file", "STRING", "Landing file the accepted copy came from"))
      .col(required("line_number", "BIGINT", "Line of that file"))
      .col(required("ingest_run_id", "STRING", "Ingest run that accepted it"))
      .col(optional("event_hash", "BIGINT", "xxhash64(event_id) as Spark computes it: ingest compares a batch with "
          + "the day's rows on it without reading ids (null in rows written before the column existed)"))
      .col(optional("credit_day", "DATE", "For a late share: the first day still open (not exported) when it was "
          + "ingested, where a ruleset with late_work: credit_first_open_day credits it; null otherwise"))
      .partitionBy("day").check("difficulty_positive", "difficulty >= 1")
      .props(statsOn("ts,ingest_run_id,event_hash")).build();

  public static final TableDef HEARTBEATS = table("silver", "heartbeats",
      "Device heartbeats with the self-reported rate and computing state, one row per event_id.")
      .col(required("day", "DATE", "Settlement day of the heartbeat's timestamp"))
      .col(required("event_id", "STRING", "Unique event id"))
      .col(required("device_id", "STRING", "BootDisk that reported"))
      .col(required("ts", "TIMESTAMP", "End of the reported interval (UTC)"))
      .col(required("interval_s", "INT", "Seconds the heartbeat covers (1-3600)"))
      .col(required("state", "STRING", "computing or idle during the interval"))
      .col(required("reported_rate", "DECIMAL(30,6)", "Self-reported rate m in sol/hr (finite, >= 0)"))
      .col(required("hardware", "STRING", "cpu, gpu or asic"))
      .col(required("is_late", "BOOLEAN", "Arrived after its day was settled"))
      .col(required("source_file", "STRING", "Landing file the accepted copy came from"))
      .col(required("line_number", "BIGINT", "Line of that file"))
      .col(required("ingest_run_id", "STRING", "Ingest run that accepted it"))
      .col(optional("event_hash", "BIGINT", "xxhash64(event_id) as Spark computes it: ingest compares a batch with "
          + "the day's rows on it without reading ids (null in rows written before the column existed)"))
      .partitionBy("day")
      .check("interval_range", "interval_s BETWEEN 1 AND 3600")
      .check("state_known", "state IN ('computing', 'idle')")
      .check("rate_non_negative", "reported_rate >= 0")
      .check("hardware_known", "hardware IN ('cpu', 'gpu', 'asic')")
      .props(statsOn("ts,ingest_run_id,event_hash")).build();

  public static final TableDef REGISTRY_EVENTS = table("silver", "registry_events",
      "Accepted contributor, bind and unbind events, one row per event_id; the SCD2 tables are built from them.")
      .col(required("day", "DATE", "Settlement day of the event's timestamp"))
      .col(required("event_id", "STRING", "Unique event id"))
      .col(required("type", "STRING", "contributor, bind or unbind"))
      .col(required("ts", "TIMESTAMP", "When the change takes effect (UTC)"))
      .col(optional("device_id", "STRING", "BootDisk (bind and unbind)"))
      .col(required("contributor_id", "STRING", "Contributor"))
      .col(optional("wallet", "STRING", "Payout address, lower-case (contributor events)"))
      .col(required("is_late", "BOOLEAN", "Arrived after its day was settled"))
      .col(required("source_file", "STRING", "Landing file the accepted copy came from"))
      .col(required("line_number", "BIGINT", "Line of that file"))
      .col(required("ingest_run_id", "STRING", "Ingest batch that accepted it"))
      .col(optional("event_hash", "BIGINT", "xxhash64(event_id) as Spark computes it: ingest compares a batch with "
          + "the day's rows on it without reading ids (null in rows written before the column existed)"))
      .partitionBy("day")
      .check("type_known", "type IN ('contributor', 'bind', 'unbind')")
      .props(statsOn("ts,ingest_run_id,event_hash")).build();

  public static final TableDef DEVICE_BINDINGS = table("silver", "device_bindings",
      "Which contributor each BootDisk is bound to, over time (SCD type 2; at most one at a time).")
      .col(required("device_id", "STRING", "BootDisk id"))
      .col(required("contributor_id", "STRING", "Contributor the device's work is credited to"))
      .col(required("valid_from", "TIMESTAMP", "Binding starts here (inclusive, UTC)"))
      .col(optional("valid_to", "TIMESTAMP", "Binding ends here (exclusive); null while current"))
      .col(required("is_current", "BOOLEAN", "True for the open binding of a device"))
      .col(required("bind_event_id", "STRING", "event_id of the bind event"))
      .col(optional("unbind_event_id", "STRING", "event_id of the unbind (or rebind) that closed it"))
      .col(required("ingest_run_id", "STRING", "Ingest run that last changed the row"))
      .check("valid_interval", "valid_to IS NULL OR valid_to > valid_from")
      .build();

  public static final TableDef CONTRIBUTOR_WALLETS = table("silver", "contributor_wallets",
      "Payout wallet of each contributor over time (SCD type 2).")
      .col(required("contributor_id", "STRING", "Contributor id from the registration website"))
      .col(required("wallet", "STRING", "Payout address, lower-case 0x hex"))
      .col(required("valid_from", "TIMESTAMP", "Wallet is used from here (inclusive, UTC)"))
      .col(optional("valid_to", "TIMESTAMP", "Until here (exclusive); null while current"))
      .col(required("is_current", "BOOLEAN", "True for the wallet in force now"))
      .col(required("event_id", "STRING", "event_id of the contributor event"))
      .col(required("ingest_run_id", "STRING", "Ingest run that last changed the row"))
      .check("wallet_format", "wallet RLIKE '" + WalletAddress.CANONICAL_SQL_PATTERN + "'")
      .build();

  public static final TableDef REJECTED = table("quarantine", "rejected",
      "Every refused landing line or file, with a reason code; nothing is dropped silently.")
      .col(optional("dt", "DATE", "Landing folder date of the source file (null when the path has none)"))
      .col(required("source_file", "STRING", "Landing file path relative to the landing root"))
      .col(optional("line_number", "BIGINT", "Line number, null for a file-level error"))
      .col(optional("raw", "STRING", "The refused line (or null when the file was unreadable)"))
      .col(required("reason_code", "STRING", "Machine-readable reason, e.g. MISSING_FIELD, BAD_GZIP"))
      .col(required("detail", "STRING", "What was wrong, for a person"))
      .col(required("ingest_run_id", "STRING", "Ingest run that refused it"))
      .col(required("ingested_at", "TIMESTAMP", "When it was refused (UTC)"))
      .partitionBy("dt")
      .build();

  public static final TableDef DAILY_DPP = table("gold", "daily_dpp",
      "Daily Power Provided per contributor and day (§4.4.2(1)).")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("contributor_id", "STRING", "Contributor"))
      .col(required("dpp", "BIGINT", "Verified DPP: sum of share difficulty of every bound device, sol"))
      .col(required("dpp_reported", "BIGINT", "Self-reported DPP: sum of rate x computing time, sol (floored)"))
      .col(required("devices", "INT", "Devices that contributed work or heartbeats"))
      .col(required("shares", "BIGINT", "Accepted shares"))
      .col(required("computing_seconds", "BIGINT", "Reported computing time, each device capped at 24 h"))
      .col(required("is_suspect", "BOOLEAN", "dpp_reported / dpp exceeds the ruleset's suspect_ratio"))
      .col(required("ruleset_version", "STRING", "Ruleset that produced the row"))
      .col(required("run_id", "STRING", "audit.job_runs.run_id that wrote the row"))
      .col(optional("late_dpp", "BIGINT", "Part of dpp that is late work of earlier, exported days credited to "
          + "this day (ruleset late_work: credit_first_open_day), sol; 0 under rulesets that keep late work unpaid"))
      .col(optional("late_from", "MAP<DATE, BIGINT>", "Lineage of late_dpp: the day the late work was done -> its "
          + "sol (null when none)"))
      .partitionBy("day")
      .check("dpp_non_negative", "dpp >= 0 AND dpp_reported >= 0")
      .check("coverage_capped", "computing_seconds <= devices * 86400")
      .props(CHANGE_FEED).build();

  public static final TableDef POPULATION_STATS = table("gold", "daily_population_stats",
      "Population of active contributors per day: n, sums, mean, sigma and shape (§4.4.2(3)).")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("n", "BIGINT", "Active contributors (DPP > 0)"))
      .col(required("sum_dpp", MONEY, "S = sum of DPP, sol"))
      .col(required("sum_dpp_sq", EXACT_INTEGER, "Q = sum of DPP squared, exact decimal digits (can exceed "
          + "DECIMAL(38,0): cast to DOUBLE for arithmetic)"))
      .col(optional("mean_dpp", "DECIMAL(38,6)", "mu = S/n (display; classes use integers)"))
      .col(optional("stddev_dpp", "DECIMAL(38,6)", "sigma = sqrt(Q/n - mu^2), population (display)"))
      .col(required("variance_term", EXACT_INTEGER, "V = n*Q - S^2, exact decimal digits (can exceed "
          + "DECIMAL(38,0)); class boundaries compare u^2 with 4V"))
      .col(required("count_a", "BIGINT", "Contributors in class A"))
      .col(required("count_b", "BIGINT", "Contributors in class B"))
      .col(required("count_c", "BIGINT", "Contributors in class C"))
      .col(required("count_d", "BIGINT", "Contributors in class D"))
      .col(optional("skewness", "DOUBLE", "Sample skewness of DPP (display only)"))
      .col(optional("kurtosis", "DOUBLE", "Excess kurtosis of DPP (display only)"))
      .col(optional("ks_statistic", "DOUBLE", "Kolmogorov-Smirnov D against the fitted normal (display only)"))
      .col(optional("ks_p_value", "DOUBLE", "p-value of that test (display only)"))
      .col(required("ruleset_version", "STRING", "Ruleset that produced the row"))
      .col(required("run_id", "STRING", "Run that wrote the row"))
      .partitionBy("day")
      .check("classes_sum_to_n", "count_a + count_b + count_c + count_d = n")
      .check("exact_integers", "sum_dpp_sq RLIKE '^(0|[1-9][0-9]*)$' AND variance_term RLIKE '^(0|[1-9][0-9]*)$'")
      .props(CHANGE_FEED).build();

  public static final TableDef DAILY_REWARDS = table("gold", "daily_rewards",
      "Each active contributor's class, pool and amount for the day, with the why.")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("contributor_id", "STRING", "Contributor"))
      .col(optional("wallet", "STRING", "Payout wallet in force at the end of the day"))
      .col(required("dpp", "BIGINT", "DPP that fed the reward (per the ruleset's dpp_source)"))
      .col(optional("z_score", "DOUBLE", "(dpp - mu) / sigma, display only; class is decided in integers"))
      .col(required("class", "STRING", "A, B, C or D by the exact integer rule"))
      .col(required("pool", "STRING", "Pool paid from: A, BC or D"))
      .col(required("pool_budget", MONEY, "Base units the pool distributes today"))
      .col(required("pool_dpp", MONEY, "Sum of DPP of the pool's members"))
      .col(required("amount", MONEY, "Base units paid: floor(budget*dpp/pool_dpp) + largest-remainder unit"))
      .col(required("ruleset_version", "STRING", "Ruleset that produced the row"))
      .col(required("run_id", "STRING", "Run that wrote the row"))
      .partitionBy("day")
      .check("class_known", "class IN ('A', 'B', 'C', 'D')")
      .check("pool_known", "pool IN ('A', 'BC', 'D')")
      .check("amount_non_negative", "amount >= 0")
      .check("amount_within_budget", "amount <= pool_budget")
      .props(CHANGE_FEED).build();

  public static final TableDef EMISSION_LEDGER = table("gold", "emission_ledger",
      "The day's scheduled and actual emission against the mining cap (§4.4.4).")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("mining_year", "INT", "floor((day - launch_day) / days_per_year) + 1"))
      .col(required("scheduled", MONEY, "Scheduled emission E of the mining year, base units"))
      .col(required("emitted", MONEY, "Paid to contributors today"))
      .col(required("not_emitted", MONEY, "Emittable today but not emitted (empty pools under carry)"))
      .col(required("cumulative_emitted", MONEY, "Emitted since launch, this day included"))
      .col(required("cap_remaining", MONEY, "Mining cap minus cumulative_emitted"))
      .col(required("pool_a_budget", MONEY, "Pool A budget"))
      .col(required("pool_bc_budget", MONEY, "Pool BC budget"))
      .col(required("pool_d_budget", MONEY, "Pool D budget"))
      .col(required("empty_pool_policy", "STRING", "carry or redistribute, as applied today"))
      .col(required("ruleset_version", "STRING", "Ruleset that produced the row"))
      .col(required("run_id", "STRING", "Run that wrote the row"))
      .partitionBy("day")
      .check("amounts_non_negative", "scheduled >= 0 AND emitted >= 0 AND not_emitted >= 0 AND cap_remaining >= 0")
      .check("emission_within_schedule", "emitted + not_emitted <= scheduled")
      .check("pools_sum", "pool_a_budget + pool_bc_budget + pool_d_budget = emitted")
      .check("policy_known", "empty_pool_policy IN ('carry', 'redistribute')")
      .props(CHANGE_FEED).build();

  public static final TableDef PAYOUT_BATCHES = table("settlement", "payout_batches",
      "One payout batch per day: Merkle root over (wallet, cumulative) leaves and its totals.")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("merkle_root", "STRING", "0x root of the OpenZeppelin StandardMerkleTree"))
      .col(required("total_amount", MONEY, "Sum of the day's amounts"))
      .col(required("cumulative_total", MONEY, "Sum of cumulative amounts since launch"))
      .col(required("recipients", "BIGINT", "Wallets in the batch"))
      .col(required("status", "STRING", "EXPORTED, APPROVED, POSTED, ACCEPTED or REVOKED"))
      .col(required("totals_by_class", "MAP<STRING, DECIMAL(38,0)>", "Amount per class A-D"))
      .col(required("counts_by_class", "MAP<STRING, BIGINT>", "Contributors per class A-D"))
      .col(required("input_versions", "MAP<STRING, BIGINT>", "Delta version of every table read"))
      .col(required("items_sha256", "STRING", "SHA-256 of the exported items file"))
      .col(required("manifest_hash", "STRING", "EIP-712 hash of the manifest"))
      .col(required("exporter", "STRING", "Address that signed the manifest"))
      .col(required("exporter_signature", "STRING", "EIP-712 signature of the manifest"))
      .col(required("ruleset_version", "STRING", "Ruleset of the rewards"))
      .col(required("run_id", "STRING", "Run that wrote the row"))
      .col(required("created_at", "TIMESTAMP", "When the batch was exported (UTC)"))
      .partitionBy("day")
      .check("status_known", "status IN ('EXPORTED', 'APPROVED', 'POSTED', 'ACCEPTED', 'REVOKED')")
      .check("totals_non_negative", "total_amount >= 0 AND cumulative_total >= total_amount")
      .props(CHANGE_FEED).build();

  public static final TableDef PAYOUT_ITEMS = table("settlement", "payout_items",
      "One row per wallet and day: the day's amount, the cumulative total and its Merkle proof.")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("wallet", "STRING", "Payout address, lower-case 0x hex"))
      .col(required("amount", MONEY, "Paid for this day, base units"))
      .col(required("cumulative_amount", MONEY, "Paid since launch up to this day; the Merkle leaf value"))
      .col(required("proof", "ARRAY<STRING>", "Merkle proof of (wallet, cumulative_amount)"))
      .col(required("run_id", "STRING", "Run that wrote the row"))
      .partitionBy("day")
      .check("amounts_ordered", "amount >= 0 AND cumulative_amount >= amount")
      .props(CHANGE_FEED).build();

  public static final TableDef APPROVALS = table("settlement", "approvals",
      "Treasury approvals: EIP-712 signatures over a batch's manifest hash.")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("manifest_hash", "STRING", "EIP-712 hash that was signed"))
      .col(required("signer", "STRING", "Treasury address recovered from the signature"))
      .col(required("signature", "STRING", "65-byte signature, 0x hex"))
      .col(required("approved_at", "TIMESTAMP", "When it was recorded (UTC)"))
      .partitionBy("day")
      .props(CHANGE_FEED).build();

  public static final TableDef CHAIN_RECEIPTS = table("settlement", "chain_receipts",
      "Every settlement transaction: persisted signed before broadcast, then its receipt.")
      .col(required("day", "DATE", "Settlement day"))
      .col(required("action", "STRING", "postRoot, acceptRoot or claim"))
      .col(required("tx_hash", "STRING", "Transaction hash"))
      .col(required("nonce", "BIGINT", "Sender nonce"))
      .col(required("raw_tx", "STRING", "Signed raw transaction, 0x hex (no key material)"))
      .col(required("status", "STRING", "SIGNED (before broadcast), CONFIRMED, REPLACED (fee bump at its nonce), REORGED, DROPPED or FAILED; the latest row per tx_hash counts"))
      .col(optional("block_number", "BIGINT", "Block it was mined in"))
      .col(optional("block_hash", "STRING", "Hash of that block"))
      .col(optional("gas_used", "BIGINT", "Gas used"))
      .col(optional("confirmations", "BIGINT", "Confirmations seen when recorded"))
      .col(required("recorded_at", "TIMESTAMP", "When the row was written (UTC)"))
      .partitionBy("day")
      .props(CHANGE_FEED).build();

  public static final TableDef JOB_RUNS = table("audit", "job_runs",
      "Run ledger: one RUNNING row when a job starts and one final row when it ends (append-only).")
      .col(required("run_id", "STRING", "Unique id of the run"))
      .col(required("job", "STRING", "Job name, e.g. ingest, dpp, rewards"))
      .col(optional("day", "DATE", "Day the run computed (null for day-less jobs such as init)"))
      .col(required("status", "STRING", "RUNNING, SUCCEEDED, FAILED, or ABANDONED (a run found dead by the next run of its job and day)"))
      .col(required("started_at", "TIMESTAMP", "Start (UTC)"))
      .col(optional("finished_at", "TIMESTAMP", "End (UTC), null on the RUNNING row"))
      .col(required("inputs", "MAP<STRING, BIGINT>", "Delta version of each table read"))
      .col(required("outputs", "MAP<STRING, BIGINT>", "Delta version of each table written"))
      .col(required("row_counts", "MAP<STRING, BIGINT>", "Rows written or counted, by name"))
      .col(required("ruleset_version", "STRING", "Ruleset in force"))
      .col(required("code_version", "STRING", "Build version and git commit"))
      .col(optional("message", "STRING", "Error or summary"))
      .partitionBy("day")
      .check("status_known_v2", "status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'ABANDONED')")
      // Every run commits here twice: a checkpoint every 50 commits instead of Delta's 10 spares most
      // runs the full rewrite of the ledger's state (a cold reader replays at most 49 small commits).
      .props(APPEND_ONLY).props(Map.of("delta.checkpointInterval", "50")).build();

  public static final TableDef RECONCILIATION = table("audit", "reconciliation",
      "Result of every invariant check per day and reconcile run (append-only).")
      .col(required("day", "DATE", "Settlement day checked"))
      .col(required("check_name", "STRING", "Invariant checked"))
      .col(required("passed", "BOOLEAN", "True when the invariant holds"))
      .col(optional("expected", "STRING", "Expected value"))
      .col(optional("actual", "STRING", "Observed value"))
      .col(optional("detail", "STRING", "Explanation for a person"))
      .col(required("run_id", "STRING", "Reconcile run"))
      .col(required("checked_at", "TIMESTAMP", "When it was checked (UTC)"))
      .partitionBy("day")
      .props(APPEND_ONLY).build();

  /** Every table, in creation order. */
  public static final List<TableDef> ALL = List.of(
      TELEMETRY_RAW, SHARES, HEARTBEATS, REGISTRY_EVENTS, DEVICE_BINDINGS, CONTRIBUTOR_WALLETS, REJECTED,
      DAILY_DPP, POPULATION_STATS, DAILY_REWARDS, EMISSION_LEDGER,
      PAYOUT_BATCHES, PAYOUT_ITEMS, APPROVALS, CHAIN_RECEIPTS,
      JOB_RUNS, RECONCILIATION);

  /**
   * The audit views {@code init} creates (or replaces), one per audit question; their SQL is
   * checked in under {@code io/bootcloud/core/views/NAME.sql} and documented in docs/auditing.md.
   */
  public static final List<String> AUDIT_VIEWS = List.of("run_status", "reward_day_runs", "reward_runs", "daily_invariants",
      "contributor_statement", "emission_schedule", "quarantine_summary", "settlement_reconciliation",
      "day_lifecycle");

  /**
   * CHECK constraints an earlier release defined and this one replaced, by table: {@code init}
   * drops them from an existing lakehouse (their successors are added as missing constraints).
   */
  public static final Map<TableDef, List<String>> RETIRED_CONSTRAINTS = Map.of(JOB_RUNS, List.of("status_known"),
      POPULATION_STATS, List.of("variance_non_negative"));

  /**
   * Columns whose type a release changed, by table: column → the type earlier releases created.
   * {@code init} rewrites an existing table that still has an earlier type in one Delta commit,
   * same rows, each such value cast to its new type (Q and V left DECIMAL(38,0) when two DPPs
   * near the BIGINT maximum made them overflow it).
   */
  public static final Map<TableDef, Map<String, String>> RETYPED_COLUMNS = Map.of(POPULATION_STATS,
      Map.of("sum_dpp_sq", MONEY, "variance_term", MONEY));

  /** The CREATE OR REPLACE VIEW statement of one of {@link #AUDIT_VIEWS}. */
  public static String viewSql(String name) {
    try (java.io.InputStream in = Catalog.class.getResourceAsStream("/io/bootcloud/core/views/" + name + ".sql")) {
      if (in == null) {
        throw new IllegalArgumentException("no view " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Schemas (databases) and what each holds. */
  public static final Map<String, String> SCHEMAS = orderedSchemas();

  private Catalog() {}

  public static Optional<TableDef> byName(String fullName) {
    return ALL.stream().filter(t -> t.fullName().equalsIgnoreCase(fullName)).findFirst();
  }

  private static Map<String, String> orderedSchemas() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("bronze", "Raw landing lines, append-only");
    m.put("silver", "Validated, deduplicated telemetry and bindings");
    m.put("quarantine", "Refused telemetry with reason codes");
    m.put("gold", "Daily DPP, population statistics, rewards and emission");
    m.put("settlement", "Payout batches, approvals and chain receipts");
    m.put("audit", "Run ledger and reconciliation results");
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Builder table(String schema, String name, String comment) {
    return new Builder(schema, name, comment);
  }

  private static final class Builder {
    private final String schema;
    private final String name;
    private final String comment;
    private final List<Column> columns = new ArrayList<>();
    private final List<String> partitions = new ArrayList<>();
    private final Map<String, String> checks = new LinkedHashMap<>();
    private final Map<String, String> props = new LinkedHashMap<>();

    Builder(String schema, String name, String comment) {
      this.schema = schema;
      this.name = name;
      this.comment = comment;
    }

    Builder col(Column c) {
      columns.add(c);
      return this;
    }

    Builder partitionBy(String column) {
      partitions.add(column);
      return this;
    }

    Builder check(String constraintName, String expression) {
      checks.put(constraintName, expression);
      return this;
    }

    Builder props(Map<String, String> p) {
      props.putAll(p);
      return this;
    }

    TableDef build() {
      return new TableDef(schema, name, comment, columns, partitions, checks, props);
    }
  }
}
