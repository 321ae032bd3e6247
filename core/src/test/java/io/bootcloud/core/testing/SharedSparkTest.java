package io.bootcloud.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.InterpretedUnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The tests' session evaluates interpreted; {@link SharedSpark#generatedCode} switches to Spark's own and back. */
class SharedSparkTest {

  private final SparkSession spark = SharedSpark.session();

  private static boolean interpreted() {
    return UnsafeProjection.create(new DataType[] {DataTypes.LongType}) instanceof InterpretedUnsafeProjection;
  }

  private boolean wholeStagePlan() {
    return spark.sql("SELECT id * 2 FROM range(3)").queryExecution().executedPlan().toString().contains("*(");
  }

  @Test
  void interpretedUnlessGeneratedCodeIsAskedFor() throws Exception {
    // -Dbootcloud.test.codegen=true asks for Spark's defaults everywhere.
    boolean tests = !SharedSpark.evaluation().isEmpty();
    assertThat(interpreted()).isEqualTo(tests);
    assertThat(wholeStagePlan()).isEqualTo(!tests);
    boolean[] inside = SharedSpark.generatedCode(spark, () -> new boolean[] {interpreted(), wholeStagePlan()});
    assertThat(inside).containsExactly(false, true);
    assertThat(interpreted()).as("back after the action").isEqualTo(tests);
    assertThat(wholeStagePlan()).isEqualTo(!tests);

    assertThatThrownBy(() -> SharedSpark.generatedCode(spark, () -> {
      throw new java.io.IOException("boom");
    })).hasMessage("boom");
    assertThat(interpreted()).as("back after a failed action").isEqualTo(tests);
  }
}
