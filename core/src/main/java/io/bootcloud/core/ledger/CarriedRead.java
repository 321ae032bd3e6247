package io.bootcloud.core.ledger;

import io.bootcloud.core.catalog.TableDef;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * What one command has read of some Delta tables, kept for its next day while nobody else commits
 * to them: a backfill reads the rows around its days once and carries its own writes forward
 * instead of reading them back (each such read is a Spark query, a fifth of a second to two seconds
 * on a small day; checking a table's latest version lists its log and runs none).
 *
 * <p>{@link #get} hands out the held value only when every table's latest version is the one the
 * value reflects. The version is taken <em>before</em> the read, so a commit racing the read makes
 * the value look older than it is, never newer: the next {@link #get} reads again. After each of its
 * holder's own commits to a table, {@link #wrote} carries the written rows into the value when the
 * table moved by exactly that one commit, and drops the value when it moved by more (someone else
 * committed too). A write that fails or is never reported leaves the versions behind, which drops
 * the value at the next {@link #get}. Obtained from {@link RunLedger#carried}.
 *
 * @param <T> the value read, immutable or not shared outside its holder
 */
public final class CarriedRead<T> {

  private final List<TableDef> tables;
  private final ToLongFunction<TableDef> latestVersion;
  private long[] versions;
  private T value;
  private int reads;

  CarriedRead(List<TableDef> tables, ToLongFunction<TableDef> latestVersion) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a carried read reads at least one table");
    }
    this.tables = List.copyOf(tables);
    this.latestVersion = latestVersion;
  }

  /**
   * The held value when it {@code covers} what the caller needs and no table has a commit it does
   * not reflect; otherwise {@code read}'s, held from now on.
   */
  public synchronized T get(Predicate<? super T> covers, Supplier<? extends T> read) {
    long[] now = latest();
    if (value != null && java.util.Arrays.equals(now, versions) && covers.test(value)) {
      return value;
    }
    value = null;
    T fresh = read.get();
    reads++;
    versions = now;
    value = fresh;
    return fresh;
  }

  /**
   * After one commit of the holder's own to {@code table}: the held value becomes {@code update}'s
   * when that commit is the table's only new one, else it is dropped (the next {@link #get} reads).
   */
  public synchronized void wrote(TableDef table, UnaryOperator<T> update) {
    int i = tables.indexOf(table);
    if (i < 0) {
      throw new IllegalArgumentException(table.fullName() + " is not read by this carried read of " + tables);
    }
    if (value == null) {
      return;
    }
    long now = latestVersion.applyAsLong(table);
    if (now == versions[i] + 1) {
      versions[i] = now;
      value = update.apply(value);
    } else {
      value = null;
    }
  }

  /** The tables the value is read from. */
  public List<TableDef> tables() {
    return tables;
  }

  /** How many times the tables were actually read (for tests and progress lines). */
  public synchronized int reads() {
    return reads;
  }

  private long[] latest() {
    long[] v = new long[tables.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = latestVersion.applyAsLong(tables.get(i));
    }
    return v;
  }
}
