package io.bootcloud.ingestion.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * One landing file (DESIGN.md "Landing zone"): where it sits decides its kind and delivery day
 * ({@code telemetry/dt=YYYY-MM-DD/hr=HH/<producer>-<seq>.ndjson[.gz]} or
 * {@code registry/dt=YYYY-MM-DD/<producer>-<seq>.ndjson[.gz]}); its bytes are UTF-8 NDJSON,
 * optionally gzip. A file that cannot be read whole is refused as a file-level error.
 */
public final class LandingFile {

  private static final Pattern TELEMETRY =
      Pattern.compile("telemetry/dt=(\\d{4}-\\d{2}-\\d{2})/hr=([01]\\d|2[0-3])/[^/_.][^/]*\\.ndjson(\\.gz)?");
  private static final Pattern REGISTRY =
      Pattern.compile("registry/dt=(\\d{4}-\\d{2}-\\d{2})/[^/_.][^/]*\\.ndjson(\\.gz)?");

  /** The file's place in the landing zone, or why it has none. */
  public record Location(String relativePath, boolean registry, LocalDate deliveryDay, ReasonCode error,
      String detail) {}

  /** The lines of a file (1-based), or a file-level error. */
  public record Content(List<String> lines, ReasonCode error, String detail) {}

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

  /** Decodes a file's bytes into lines; gzip when the name ends in .gz. Empty lines are kept as "". */
  public static Content read(String relativePath, byte[] bytes) {
    byte[] plain = bytes;
    if (relativePath.endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        plain = in.readAllBytes();
      } catch (IOException e) {
        return new Content(List.of(), ReasonCode.BAD_GZIP, "not a readable gzip stream: " + e.getMessage());
      }
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain)).toString();
    } catch (CharacterCodingException e) {
      return new Content(List.of(), ReasonCode.BAD_ENCODING, "not valid UTF-8: " + e.getMessage());
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(stripCr(text.substring(start, i)));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(stripCr(text.substring(start)));
    }
    return new Content(lines, null, null);
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
