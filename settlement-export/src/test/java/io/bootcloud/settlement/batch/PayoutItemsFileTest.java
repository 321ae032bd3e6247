package io.bootcloud.settlement.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.PayoutBatch;
import io.bootcloud.rules.PayoutMerkleTree;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayoutItemsFileTest {

  /** Writes {@link #items()} to args[0]: run in a child JVM. */
  public static void main(String[] args) throws Exception {
    List<PayoutBatch.Item> items = items();
    PayoutItemsFile.write(Path.of(args[0]), items, tree(items));
  }

  @Test
  void theSameItemsGiveTheSameBytesWhateverTheJvmsIdentityHashCodes(@TempDir Path tmp) throws Exception {
    List<PayoutBatch.Item> items = items();
    Path here = tmp.resolve("here.parquet");
    String sha = PayoutItemsFile.write(here, items, tree(items));

    // Every identity hash code 1 in one child, the default in the other: parquet-hadoop's HashSet of
    // encodings iterates in another order, which the footer used to show.
    assertThat(writeInChild(tmp.resolve("constant.parquet"), "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2"))
        .isEqualTo(sha);
    assertThat(writeInChild(tmp.resolve("sequence.parquet"), "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=3"))
        .isEqualTo(sha);
    assertThat(PayoutItemsFile.sha256(here)).isEqualTo(sha);

    // The rewritten footer still describes the pages: every row reads back, and the lists are sorted.
    List<PayoutItemsFile.Row> rows = PayoutItemsFile.read(here);
    assertThat(rows).hasSize(items.size());
    for (int i = 0; i < items.size(); i++) {
      assertThat(rows.get(i).wallet()).isEqualTo(items.get(i).wallet());
      assertThat(rows.get(i).cumulativeAmount()).isEqualTo(items.get(i).cumulativeAmount());
      assertThat(rows.get(i).proof()).isEqualTo(tree(items).proof(items.get(i).wallet()));
    }
    for (ColumnChunk chunk : footer(here).getRow_groups().get(0).getColumns()) {
      List<Integer> codes = chunk.getMeta_data().getEncodings().stream().map(Encoding::getValue).toList();
      assertThat(codes).as(chunk.getMeta_data().getPath_in_schema().toString()).isSorted().hasSizeGreaterThan(1);
    }
  }

  /** The file's SHA-256 as a child JVM with {@code jvmOptions} writes it. */
  private static String writeInChild(Path file, String... jvmOptions) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PayoutItemsFileTest.class.getName(),
        file.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return PayoutItemsFile.sha256(file);
  }

  private static FileMetaData footer(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Util.readFileMetaData(new ByteArrayInputStream(bytes, bytes.length - 8 - length, length));
  }

  private static List<PayoutBatch.Item> items() {
    List<PayoutBatch.Item> items = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      BigInteger amount = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(i));
      items.add(new PayoutBatch.Item(String.format("0x%040x", 0xa0L + i), amount, amount.shiftLeft(1)));
    }
    return items;
  }

  private static PayoutMerkleTree tree(List<PayoutBatch.Item> items) {
    return PayoutMerkleTree.of(items.stream()
        .map(i -> new PayoutMerkleTree.Leaf(i.wallet(), i.cumulativeAmount())).toList());
  }
}
