package io.bootcloud.core.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.testing.SharedSpark;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.InterpretedUnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.junit.jupiter.api.Test;

class SmallQueriesTest {

  private final SparkSession spark = SharedSpark.session();

  /** The projection Spark's factory creates right now for one column (what the tasks create too). */
  private static Class<?> projectionClass() {
    UnsafeProjection p = UnsafeProjection.create(new org.apache.spark.sql.types.DataType[] {
        org.apache.spark.sql.types.DataTypes.LongType});
    return p.getClass();
  }

  @Test
  void evaluatesInterpretedInsideAndAsBeforeAfterwards() throws Exception {
    SharedSpark.generatedCode(spark, () -> {
      spark.conf().unset(SmallQueries.FACTORY_MODE);
      assertThat(projectionClass()).isNotEqualTo(InterpretedUnsafeProjection.class);
      AtomicReference<Class<?>> inside = new AtomicReference<>();
      List<Row> rows = SmallQueries.interpreted(spark, () -> {
        inside.set(projectionClass());
        return spark.sql("SELECT id * 2 AS x FROM range(3) ORDER BY x").collectAsList();
      });
      assertThat(inside.get()).isEqualTo(InterpretedUnsafeProjection.class);
      assertThat(rows).extracting(r -> r.getLong(0)).containsExactly(0L, 2L, 4L);
      assertThat(spark.conf().get(SmallQueries.FACTORY_MODE)).isEqualToIgnoringCase("FALLBACK");
      assertThat(projectionClass()).isNotEqualTo(InterpretedUnsafeProjection.class);
      return null;
    });
  }

  @Test
  void restoresTheSettingWhenTheActionFails() throws Exception {
    SharedSpark.generatedCode(spark, () -> {
      spark.conf().set(SmallQueries.FACTORY_MODE, "fallback");
      try {
        assertThatThrownBy(() -> SmallQueries.interpreted(spark, () -> {
          throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(spark.conf().get(SmallQueries.FACTORY_MODE)).isEqualTo("fallback");
      } finally {
        spark.conf().unset(SmallQueries.FACTORY_MODE);
      }
      return null;
    });
  }

  @Test
  void leavesAUsersOwnSettingAlone() throws Exception {
    SharedSpark.generatedCode(spark, () -> {
      spark.conf().set(SmallQueries.FACTORY_MODE, "CODEGEN_ONLY");
      try {
        AtomicReference<String> inside = new AtomicReference<>();
        SmallQueries.interpreted(spark, () -> inside.set(spark.conf().get(SmallQueries.FACTORY_MODE)));
        assertThat(inside.get()).isEqualTo("CODEGEN_ONLY");
        assertThat(projectionClass()).isNotEqualTo(InterpretedUnsafeProjection.class);
      } finally {
        spark.conf().unset(SmallQueries.FACTORY_MODE);
      }
      return null;
    });
  }
}
