package io.bootcloud.ingestion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.config.IngestLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LandingFileTest {

  private static final String PATH = "telemetry/dt=2026-03-01/hr=08/gw-1.ndjson";

  private static LandingFile.Content read(String path, byte[] bytes, IngestLimits limits) throws IOException {
    return LandingFile.read(path, new ByteArrayInputStream(bytes), bytes.length, limits);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBadByteRefusesItsLineNotTheFile() throws IOException {
    byte[] bad = {'{', '"', 'a', (byte) 0xC3, '"', '}'};
    LandingFile.Content c = read(PATH, concat(utf8("{\"l\":1}\n"), bad, utf8("\n{\"l\":3}\n")), IngestLimits.DEFAULT);
    assertThat(c.error()).isNull();
    assertThat(c.lines()).extracting(LandingFile.Line::number).containsExactly(1L, 2L, 3L);
    assertThat(c.lines().get(0).text()).isEqualTo("{\"l\":1}");
    assertThat(c.lines().get(2).text()).isEqualTo("{\"l\":3}");
    LandingFile.Line second = c.lines().get(1);
    assertThat(second.error()).isEqualTo(ReasonCode.BAD_ENCODING);
    assertThat(second.detail()).startsWith("not valid UTF-8 at byte 4 of the line")
        .endsWith(Base64.getEncoder().encodeToString(bad));
  }

  @Test
  void aLeadingByteOrderMarkIsDropped() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    LandingFile.Content c = read(PATH, concat(bom, utf8("{\"l\":1}\r\n{\"l\":2}")), IngestLimits.DEFAULT);
    assertThat(c.lines()).extracting(LandingFile.Line::text).containsExactly("{\"l\":1}", "{\"l\":2}");
    assertThat(c.lines()).allMatch(l -> l.error() == null);
  }

  @Test
  void aLineOverTheLimitIsRefusedWithItsHashAndTheRestIsRead() throws Exception {
    IngestLimits limits = new IngestLimits(1 << 20, 300, 128, 1L << 40);
    String longLine = "{\"pad\":\"" + "x".repeat(400) + "\"}";
    LandingFile.Content c = read(PATH, utf8("{\"l\":1}\n" + longLine + "\n{\"l\":3}"), limits);
    assertThat(c.lines()).hasSize(3);
    LandingFile.Line refused = c.lines().get(1);
    assertThat(refused.error()).isEqualTo(ReasonCode.LINE_TOO_LONG);
    assertThat(refused.text()).isNull();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(longLine)));
    assertThat(refused.detail()).startsWith("line is 410 bytes, over the limit of 300 (limits.max_line_bytes); sha256 "
        + sha);
    assertThat(c.lines().get(2).text()).isEqualTo("{\"l\":3}");
  }

  @Test
  void aGzipBombIsRefusedWithoutExpandingIt() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        out.write(zeros); // 64 MiB of zeros: ~64 KB compressed
      }
    }
    byte[] bomb = gz.toByteArray();
    IngestLimits limits = new IngestLimits(1 << 20, 64 * 1024, 128, 1L << 40);
    long[] read = {0};
    InputStream counting = new java.io.FilterInputStream(new ByteArrayInputStream(bomb)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        read[0] += b < 0 ? 0 : 1;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        read[0] += Math.max(n, 0);
        return n;
      }
    };
    LandingFile.Content c = LandingFile.read(PATH + ".gz", counting, bomb.length, limits);
    assertThat(c.error()).isEqualTo(ReasonCode.FILE_TOO_LARGE);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bomb));
    assertThat(c.detail()).isEqualTo("file expands to more than 1048576 bytes (limits.max_file_bytes) from "
        + bomb.length + " stored bytes; sha256 " + sha + " of the stored file");
    assertThat(read[0]).as("the whole stored file is hashed").isEqualTo(bomb.length);
  }

  @Test
  void aPlainFileOverTheLimitIsRefusedByItsSize() throws IOException {
    IngestLimits limits = new IngestLimits(1024, 1024, 128, 1L << 40);
    LandingFile.Content c = read(PATH, utf8("{\"l\":1}\n".repeat(200)), limits);
    assertThat(c.error()).isEqualTo(ReasonCode.FILE_TOO_LARGE);
    assertThat(c.detail()).startsWith("file is 1600 bytes, over the limit of 1024 (limits.max_file_bytes); sha256 ");
    assertThat(c.lines()).isEmpty();
  }

  @Test
  void aTruncatedGzipIsAFileError() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(utf8("{\"l\":1}\n".repeat(1000)));
    }
    byte[] whole = gz.toByteArray();
    LandingFile.Content c = read(PATH + ".gz", java.util.Arrays.copyOf(whole, whole.length / 2), IngestLimits.DEFAULT);
    assertThat(c.error()).isEqualTo(ReasonCode.BAD_GZIP);
    assertThat(read(PATH + ".gz", whole, IngestLimits.DEFAULT).lines()).hasSize(1000);
  }

  @Test
  void emptyLinesAreKeptAndATrailingBreakAddsNone() throws IOException {
    assertThat(read(PATH, utf8("a\n\nb\n"), IngestLimits.DEFAULT).lines()).extracting(LandingFile.Line::text)
        .isEqualTo(List.of("a", "", "b"));
    assertThat(read(PATH, new byte[0], IngestLimits.DEFAULT).lines()).isEmpty();
  }
}
