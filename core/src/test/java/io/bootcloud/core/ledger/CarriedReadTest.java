package io.bootcloud.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.testing.SharedSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link CarriedRead} on a real Delta table: held while nobody else commits, carried over its holder's commits. */
class CarriedReadTest {

  private static SparkSession spark;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
  }

  private static void insertDpp(String contributor) {
    spark.sql("INSERT INTO gold.daily_dpp VALUES (DATE'2040-01-01', '" + contributor
        + "', 7, 7, 1, 1, 60, false, 'rs-1', 'r', 0, NULL)");
  }

  private static List<String> contributors() {
    return spark.sql("SELECT contributor_id FROM gold.daily_dpp WHERE day = DATE'2040-01-01' ORDER BY 1")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  private static List<String> plus(List<String> held, String contributor) {
    List<String> next = new ArrayList<>(held);
    next.add(contributor);
    return next.stream().sorted().toList();
  }

  @Test
  void aHeldReadIsUsedUntilAnotherWriterCommitsAndCarriedOverItsHoldersOwnCommits() {
    RunLedger ledger = new RunLedger(spark);
    CarriedRead<List<String>> carried = ledger.carried("test: contributors of 2040-01-01", Catalog.DAILY_DPP);
    Supplier<List<String>> read = CarriedReadTest::contributors;

    assertThat(carried.get(held -> true, read)).isEmpty();
    assertThat(carried.get(held -> true, read)).isEmpty();
    assertThat(carried.reads()).as("nothing committed: the held value").isEqualTo(1);
    carried.get(held -> false, read);
    assertThat(carried.reads()).as("a held value that does not cover the need is read again").isEqualTo(2);

    insertDpp("other");
    assertThat(carried.get(held -> true, read)).containsExactly("other");
    assertThat(carried.reads()).as("another writer's commit").isEqualTo(3);

    insertDpp("mine");
    carried.wrote(Catalog.DAILY_DPP, held -> plus(held, "mine"));
    assertThat(carried.get(held -> true, read)).containsExactly("mine", "other");
    assertThat(carried.reads()).as("its holder's one commit is carried, not read").isEqualTo(3);

    insertDpp("raced");
    insertDpp("mine2");
    carried.wrote(Catalog.DAILY_DPP, held -> plus(held, "mine2"));
    assertThat(carried.get(held -> true, read)).containsExactly("mine", "mine2", "other", "raced");
    assertThat(carried.reads()).as("another commit beside its holder's drops the held value").isEqualTo(4);

    insertDpp("unreported");
    assertThat(carried.get(held -> true, read)).contains("unreported");
    assertThat(carried.reads()).as("a commit never reported (a failed run) is read").isEqualTo(5);
  }

  @Test
  void oneNameReadsOneSetOfTables() {
    RunLedger ledger = new RunLedger(spark);
    ledger.carried("test: one name", Catalog.DAILY_DPP);
    assertThatThrownBy(() -> ledger.carried("test: one name", Catalog.DAILY_REWARDS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test: one name");
  }

  @Test
  void aCommandsDaysWidenTheReadsAroundEachOfThem() {
    RunLedger ledger = new RunLedger(spark);
    LocalDate d = LocalDate.of(2040, 2, 10);
    assertThat(ledger.around(d, 1, 1)).isEqualTo(new RunLedger.Span(d.minusDays(1), d.plusDays(1)));
    ledger.days(List.of(d, d.plusDays(1), d.plusDays(2)));
    assertThat(ledger.around(d, 1, 0)).isEqualTo(new RunLedger.Span(d.minusDays(1), d.plusDays(2)));
    assertThat(ledger.around(d.plusDays(1), 1, 1)).isEqualTo(new RunLedger.Span(d, d.plusDays(3)));
    assertThat(ledger.around(d.plusDays(5), 1, 0)).as("a day outside the command's")
        .isEqualTo(new RunLedger.Span(d.plusDays(4), d.plusDays(5)));
    ledger.days(d.datesUntil(d.plusDays(100)).toList());
    assertThat(ledger.around(d.plusDays(10), 1, 1)).as("at most a month of the command's days a read")
        .isEqualTo(new RunLedger.Span(d.plusDays(9), d.plusDays(10 + RunLedger.DAYS_A_READ)));
  }
}
