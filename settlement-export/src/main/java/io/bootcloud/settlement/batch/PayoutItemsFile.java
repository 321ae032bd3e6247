package io.bootcloud.settlement.batch;

import io.bootcloud.rules.PayoutBatch;
import io.bootcloud.rules.PayoutMerkleTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The exported items file: one Parquet row per wallet (wallet, amount, cumulative_amount as
 * DECIMAL(38,0), proof as a list of 0x strings), written with parquet-hadoop alone so treasury
 * tools read it without Spark. The same items always give the same bytes.
 */
public final class PayoutItemsFile {

  public static final String NAME = "payout-items.parquet";
  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message payout_item {
        required binary wallet (STRING);
        required fixed_len_byte_array(16) amount (DECIMAL(38,0));
        required fixed_len_byte_array(16) cumulative_amount (DECIMAL(38,0));
        repeated binary proof (STRING);
      }""");

  /** A row read back from the file. */
  public record Row(String wallet, BigInteger amount, BigInteger cumulativeAmount, List<String> proof) {}

  private PayoutItemsFile() {}

  /** Writes the items atomically (temporary name, then rename) and returns the file's SHA-256 hex. */
  public static String write(Path file, List<PayoutBatch.Item> items, PayoutMerkleTree tree) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling("_" + file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(temp)).withType(SCHEMA)
        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
      for (PayoutBatch.Item item : items) {
        Group g = groups.newGroup().append("wallet", item.wallet())
            .append("amount", decimal(item.amount()))
            .append("cumulative_amount", decimal(item.cumulativeAmount()));
        for (String p : tree.proof(item.wallet())) {
          g.append("proof", p);
        }
        w.write(g);
      }
    }
    sortFooterLists(temp);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return sha256(file);
  }

  /**
   * parquet-hadoop lists each column chunk's encodings in the order of a HashSet of enum constants,
   * which follows the JVM's identity hash codes: the same items gave different bytes (so another
   * items_sha256 and manifest) under spark-submit and under {@code ./bootcloud}. This rewrites the
   * footer with those lists in ascending order; the pages before it, which the footer's offsets
   * point at, stay as they are.
   */
  static void sortFooterLists(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(tail, size - 8);
      int footerLength = tail.getInt(0);
      long footerStart = size - 8 - footerLength;
      ByteBuffer footer = ByteBuffer.allocate(footerLength);
      ch.read(footer, footerStart);
      FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
      for (RowGroup group : meta.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          ColumnMetaData column = chunk.getMeta_data();
          List<Encoding> encodings = new ArrayList<>(column.getEncodings());
          encodings.sort(Comparator.comparingInt(Encoding::getValue));
          column.setEncodings(encodings);
          if (column.isSetEncoding_stats()) {
            List<PageEncodingStats> stats = new ArrayList<>(column.getEncoding_stats());
            stats.sort(Comparator.<PageEncodingStats>comparingInt(st -> st.getPage_type().getValue())
                .thenComparingInt(st -> st.getEncoding().getValue()));
            column.setEncoding_stats(stats);
          }
        }
      }
      ByteArrayOutputStream sorted = new ByteArrayOutputStream(footerLength);
      Util.writeFileMetaData(meta, sorted);
      ByteBuffer out = ByteBuffer.allocate(sorted.size() + 8).order(ByteOrder.LITTLE_ENDIAN);
      out.put(sorted.toByteArray()).putInt(sorted.size()).put("PAR1".getBytes(StandardCharsets.US_ASCII)).flip();
      ch.truncate(footerStart);
      ch.write(out, footerStart);
      ch.force(true);
    }
  }

  public static List<Row> read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    ParquetReader.Builder<Group> builder = new ParquetReader.Builder<>(new LocalInputFile(file)) {
      @Override
      protected org.apache.parquet.hadoop.api.ReadSupport<Group> getReadSupport() {
        return new GroupReadSupport();
      }
    };
    try (ParquetReader<Group> r = builder.build()) {
      Group g;
      while ((g = r.read()) != null) {
        List<String> proof = new ArrayList<>();
        for (int i = 0; i < g.getFieldRepetitionCount("proof"); i++) {
          proof.add(g.getString("proof", i));
        }
        rows.add(new Row(g.getString("wallet", 0), new BigInteger(g.getBinary("amount", 0).getBytes()),
            new BigInteger(g.getBinary("cumulative_amount", 0).getBytes()), proof));
      }
    }
    return rows;
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Binary decimal(BigInteger v) {
    byte[] raw = v.toByteArray();
    if (raw.length > 16) {
      throw new IllegalArgumentException("amount " + v + " does not fit DECIMAL(38,0)");
    }
    byte[] out = new byte[16];
    Arrays.fill(out, 0, 16 - raw.length, (byte) (v.signum() < 0 ? 0xff : 0));
    System.arraycopy(raw, 0, out, 16 - raw.length, raw.length);
    return Binary.fromConstantByteArray(out);
  }
}
