package io.bootcloud.ingestion.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.SharedSpark;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EventHashesTest {

  @Test
  void hashIsSparksXxhash64OfTheId() {
    SparkSession spark = SharedSpark.session();
    List<String> ids = List.of("e1", "0f8c3a52-9d1e-4b7a-a7c1-5f0e2b9d4c11", "", "über-€-事件", "x".repeat(300));
    List<Row> rows = spark.createDataset(ids, Encoders.STRING()).toDF("id")
        .selectExpr("id", "xxhash64(id)").collectAsList();
    assertThat(rows).hasSize(ids.size());
    for (Row r : rows) {
      assertThat(EventHashes.hash(r.getString(0))).as(r.getString(0)).isEqualTo(r.getLong(1));
    }
  }

  @Test
  void suspectsAreRepeatsInTheBatchAndHashesSeenEarlier() {
    long[] sortedBatch = {-7, 3, 3, 5, 9, 9, 9, 12};
    assertThat(EventHashes.suspects(sortedBatch, List.of(12L, 4L, -7L, 3L))).containsExactly(-7, 3, 9, 12);
    assertThat(EventHashes.suspects(new long[] {1, 2, 3}, List.of(4L, 0L))).isEmpty();
    assertThat(EventHashes.suspects(new long[0], List.of(1L))).isEmpty();
  }

  @Test
  void keepsEveryHashUpToItsLimitAndNoneBeyond() {
    EventHashes a = new EventHashes(4);
    a.addEventId("b");
    a.addEventId("a");
    EventHashes b = new EventHashes(4);
    b.addEventId("a");
    a.merge(b);
    assertThat(a.overflowed()).isFalse();
    assertThat(a.value()).isEqualTo(3);

    EventHashes c = new EventHashes(4);
    c.addEventId("c");
    c.addEventId("d");
    a.merge(c);
    assertThat(a.overflowed()).as("5 hashes against a limit of 4").isTrue();
    assertThat(a.value()).isZero();
    assertThat(a.sorted()).isEmpty();

    EventHashes single = new EventHashes(1);
    single.addEventId("x");
    single.addEventId("y");
    assertThat(single.overflowed()).isTrue();
    single.reset();
    assertThat(single.isZero()).isTrue();
  }

  @Test
  void handsOverEveryHashSortedAcrossChunksAndMerges() {
    EventHashes driver = new EventHashes(1_000_000);
    List<Long> expected = new java.util.ArrayList<>();
    for (int task = 0; task < 3; task++) {
      EventHashes t = new EventHashes(1_000_000);
      for (int i = 0; i < 70_000 + task; i++) {
        String id = "t" + task + "-" + i;
        t.addEventId(id);
        expected.add(EventHashes.hash(id));
      }
      driver.merge(t);
      driver.addEventId("d" + task);
      expected.add(EventHashes.hash("d" + task));
    }
    EventHashes copy = (EventHashes) driver.copy();
    java.util.Collections.sort(expected);
    long[] sorted = driver.sorted();
    assertThat(sorted).hasSize(expected.size()).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
    assertThat(driver.isZero()).as("handed over").isTrue();
    assertThat(copy.sorted()).containsExactly(sorted);
  }

  @Test
  void aTaskResultCarriesItsHashes() throws Exception {
    SparkSession spark = SharedSpark.session();
    EventHashes kept = new EventHashes(10_000);
    spark.sparkContext().register(kept);
    EventHashes onExecutor = roundTrip(kept);
    for (int i = 0; i < 1500; i++) {
      onExecutor.addEventId("e" + i);
    }
    EventHashes taskResult = roundTrip(onExecutor);
    kept.merge(taskResult);
    assertThat(kept.value()).isEqualTo(1500);
    assertThat(kept.sorted()).hasSize(1500).isSorted().contains(EventHashes.hash("e0"), EventHashes.hash("e1499"));
    assertThat(serializedSize(onExecutor)).as("no spare capacity sent").isLessThan(1500 * 8 + 1000);

    EventHashes small = new EventHashes(100);
    spark.sparkContext().register(small);
    EventHashes full = roundTrip(small);
    for (int i = 0; i < 1500; i++) {
      full.addEventId("e" + i);
    }
    small.merge(roundTrip(full));
    assertThat(small.overflowed()).isTrue();
  }

  private static byte[] serialize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static int serializedSize(Object o) throws Exception {
    return serialize(o).length;
  }

  private static EventHashes roundTrip(EventHashes h) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(h)))) {
      return (EventHashes) in.readObject();
    }
  }
}
