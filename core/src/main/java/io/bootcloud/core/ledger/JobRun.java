package io.bootcloud.core.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One run of one job, as the run ledger records it: what it read and wrote (Delta versions),
 * what it counted, and how it ended. Jobs get it from {@link RunLedger#run} and only add facts.
 */
public final class JobRun {

  private final String runId;
  private final String job;
  private final LocalDate day;
  private final String rulesetVersion;
  private final String codeVersion;
  private final Instant startedAt;
  private final Map<String, Long> inputs = new LinkedHashMap<>();
  private final Map<String, Long> outputs = new LinkedHashMap<>();
  private final Map<String, Long> rowCounts = new LinkedHashMap<>();
  private String message;
  private java.util.Set<String> succeededOnDay = java.util.Set.of();
  private java.util.Set<String> succeededRuns = java.util.Set.of();

  JobRun(String runId, String job, LocalDate day, String rulesetVersion, String codeVersion, Instant startedAt) {
    this.runId = runId;
    this.job = job;
    this.day = day;
    this.rulesetVersion = rulesetVersion;
    this.codeVersion = codeVersion;
    this.startedAt = startedAt;
  }

  public String runId() {
    return runId;
  }

  public String job() {
    return job;
  }

  public Optional<LocalDate> day() {
    return Optional.ofNullable(day);
  }

  public String rulesetVersion() {
    return rulesetVersion;
  }

  public String codeVersion() {
    return codeVersion;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public void input(String table, long deltaVersion) {
    inputs.put(table, deltaVersion);
  }

  public void output(String table, long deltaVersion) {
    outputs.put(table, deltaVersion);
  }

  public void count(String name, long rows) {
    rowCounts.merge(name, rows, Long::sum);
  }

  /**
   * Whether {@code otherJob} had a SUCCEEDED run for this run's day when this run started: read in
   * the ledger's one read of the day's runs, so a guard needs no read of its own.
   */
  public boolean succeededBefore(String otherJob) {
    return succeededOnDay.contains(otherJob);
  }

  void succeededOnDay(java.util.Set<String> jobs) {
    this.succeededOnDay = java.util.Set.copyOf(jobs);
  }

  /**
   * Whether run {@code runId} (of any job) of this run's day or the day before had a SUCCEEDED row
   * when this run started, as the same read of the ledger found it.
   */
  public boolean succeededRun(String runId) {
    return succeededRuns.contains(runId);
  }

  void succeededRuns(java.util.Set<String> runIds) {
    this.succeededRuns = java.util.Set.copyOf(runIds);
  }

  /** A one-line summary stored with the final ledger row. */
  public void message(String summary) {
    this.message = summary;
  }

  public Map<String, Long> inputs() {
    return Collections.unmodifiableMap(inputs);
  }

  public Map<String, Long> outputs() {
    return Collections.unmodifiableMap(outputs);
  }

  public Map<String, Long> rowCounts() {
    return Collections.unmodifiableMap(rowCounts);
  }

  public Optional<String> message() {
    return Optional.ofNullable(message);
  }
}
