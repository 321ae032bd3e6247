package io.bootcloud.ingestion.domain;

import io.bootcloud.rules.config.IngestLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * One landing file (DESIGN.md "Landing zone"): where it sits decides its kind and delivery day
 * ({@code telemetry/dt=YYYY-MM-DD/hr=HH/<producer>-<seq>.ndjson[.gz]} or
 * {@code registry/dt=YYYY-MM-DD/<producer>-<seq>.ndjson[.gz]}); its bytes are UTF-8 NDJSON,
 * optionally gzip. A file that cannot be read whole (bad gzip, larger than the limit once
 * decompressed) is refused as a file-level error; a line that is not UTF-8 or is longer than the
 * limit is refused alone, and the file's other lines are read. A leading byte-order mark is dropped.
 */
public final class LandingFile {

  private static final Pattern TELEMETRY =
      Pattern.compile("telemetry/dt=(\\d{4}-\\d{2}-\\d{2})/hr=([01]\\d|2[0-3])/[^/_.][^/]*\\.ndjson(\\.gz)?");
  private static final Pattern REGISTRY =
      Pattern.compile("registry/dt=(\\d{4}-\\d{2}-\\d{2})/[^/_.][^/]*\\.ndjson(\\.gz)?");
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  /** A line over the length limit keeps this many of its first bytes in the quarantine detail (base64). */
  private static final int KEPT_BYTES = 256;

  /** The file's place in the landing zone, or why it has none. */
  public record Location(String relativePath, boolean registry, LocalDate deliveryDay, ReasonCode error,
      String detail) {}

  /**
   * One line (1-based {@code number}): its text, or why it cannot be read ({@code error}, with
   * {@code text} null for a line over the limit, or decoded with replacement characters).
   */
  public record Line(long number, String text, ReasonCode error, String detail) {}

  /** The lines of a file, or a file-level error. */
  public record Content(List<Line> lines, ReasonCode error, String detail) {}

  private LandingFile() {}

  /** Parses a path relative to the landing root. */
  public static Location locate(String relativePath) {
    for (Pattern p : new Pattern[] {TELEMETRY, REGISTRY}) {
      Matcher m = p.matcher(relativePath);
      if (m.matches()) {
        try {
          return new Location(relativePath, p == REGISTRY, LocalDate.parse(m.group(1)), null, null);
        } catch (DateTimeParseException e) {
          return new Location(relativePath, false, null, ReasonCode.BAD_PATH, "dt=" + m.group(1) + " is not a date");
        }
      }
    }
    return new Location(relativePath, false, null, ReasonCode.BAD_PATH,
        "path must be telemetry/dt=YYYY-MM-DD/hr=HH/<producer>-<seq>.ndjson[.gz] or "
            + "registry/dt=YYYY-MM-DD/<producer>-<seq>.ndjson[.gz]");
  }

  /**
   * Reads a file of {@code length} stored bytes from {@code in}, gzip when the name ends in .gz,
   * never holding more than {@code limits.maxFileBytes()} decompressed bytes: a larger file is
   * refused as FILE_TOO_LARGE with its size and SHA-256 (of the stored bytes) in the detail.
   * Empty lines are kept as "".
   */
  public static Content read(String relativePath, InputStream in, long length, IngestLimits limits)
      throws IOException {
    MessageDigest stored = sha256();
    InputStream hashed = new java.security.DigestInputStream(in, stored);
    if (!relativePath.endsWith(".gz") && length > limits.maxFileBytes()) {
      hashed.transferTo(OutputStreamNull.INSTANCE);
      return new Content(List.of(), ReasonCode.FILE_TOO_LARGE, "file is " + length + " bytes, over the limit of "
          + limits.maxFileBytes() + " (limits.max_file_bytes); sha256 " + hex(stored));
    }
    byte[] plain;
    try {
      InputStream source = relativePath.endsWith(".gz") ? new GZIPInputStream(hashed, 64 * 1024) : hashed;
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(length, 32), limits.maxFileBytes()));
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = source.read(buf)) > 0; ) {
        total += n;
        if (total > limits.maxFileBytes()) {
          hashed.transferTo(OutputStreamNull.INSTANCE);
          return new Content(List.of(), ReasonCode.FILE_TOO_LARGE, "file expands to more than "
              + limits.maxFileBytes() + " bytes (limits.max_file_bytes) from " + length + " stored bytes; sha256 "
              + hex(stored) + " of the stored file");
        }
        out.write(buf, 0, n);
      }
      plain = out.toByteArray();
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      return new Content(List.of(), ReasonCode.BAD_GZIP, "not a readable gzip stream: " + e.getMessage());
    }
    return new Content(lines(plain, limits), null, null);
  }

  /** Splits decoded file bytes at '\n' (a trailing '\r' is dropped) and decodes each line alone. */
  static List<Line> lines(byte[] plain, IngestLimits limits) {
    int from = startsWith(plain, BOM) ? BOM.length : 0;
    List<Line> lines = new ArrayList<>();
    long number = 0;
    while (from < plain.length) {
      int end = from;
      while (end < plain.length && plain[end] != '\n') {
        end++;
      }
      int stop = end > from && plain[end - 1] == '\r' ? end - 1 : end;
      lines.add(line(++number, plain, from, stop, limits));
      from = end + 1;
    }
    return lines;
  }

  private static Line line(long number, byte[] b, int from, int to, IngestLimits limits) {
    int size = to - from;
    if (size > limits.maxLineBytes()) {
      MessageDigest d = sha256();
      d.update(b, from, size);
      return new Line(number, null, ReasonCode.LINE_TOO_LONG, "line is " + size + " bytes, over the limit of "
          + limits.maxLineBytes() + " (limits.max_line_bytes); sha256 " + hex(d) + "; first bytes (base64) "
          + Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(b, from, from + Math.min(size, KEPT_BYTES))));
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, size)).toString();
      return new Line(number, text, null, null);
    } catch (CharacterCodingException e) {
      int bad = firstBadByte(b, from, to);
      return new Line(number, new String(b, from, size, StandardCharsets.UTF_8), ReasonCode.BAD_ENCODING,
          "not valid UTF-8 at byte " + (bad + 1) + " of the line; the line's bytes (base64) "
              + Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(b, from, to)));
    }
  }

  /** Offset (0-based, in the line) of the first byte the strict decoder refuses. */
  private static int firstBadByte(byte[] b, int from, int to) {
    java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, from, to - from);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(to - from + 1);
    dec.decode(in, out, true);
    return in.position() - from;
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(MessageDigest d) {
    return HexFormat.of().formatHex(d.digest());
  }

  /** Discards what it is given (the rest of a refused file is read only to hash it). */
  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
