package io.bootcloud.ingestion.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;

/**
 * Reads the landing lines gateways usually send — one flat JSON object whose values are strings
 * without escapes, numbers, booleans or null — into the very tree Jackson's {@code readTree}
 * builds (the same node types and values), several times faster. Anything else (an escape, a
 * nested value, a syntax error, trailing text) returns null, and the caller asks Jackson, so no
 * line is judged differently: this only spares Jackson's general machinery on the common case.
 */
final class FlatJson {

  /** Longer numbers go to Jackson, which limits their length itself. */
  private static final int MAX_NUMBER_LENGTH = 100;

  private FlatJson() {}

  /** The object {@code line} holds, or null when Jackson must read it. */
  static ObjectNode read(String line) {
    int n = line.length();
    int i = skipSpace(line, 0);
    if (i >= n || line.charAt(i) != '{') {
      return null;
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    i = skipSpace(line, i + 1);
    if (i < n && line.charAt(i) == '}') {
      return onlySpaceFrom(line, i + 1) ? object : null;
    }
    while (true) {
      if (i >= n || line.charAt(i) != '"') {
        return null;
      }
      int end = stringEnd(line, i + 1);
      if (end < 0) {
        return null;
      }
      String key = line.substring(i + 1, end);
      i = skipSpace(line, end + 1);
      if (i >= n || line.charAt(i) != ':') {
        return null;
      }
      i = skipSpace(line, i + 1);
      if (i >= n) {
        return null;
      }
      char c = line.charAt(i);
      JsonNode value;
      if (c == '"') {
        end = stringEnd(line, i + 1);
        if (end < 0) {
          return null;
        }
        value = TextNode.valueOf(line.substring(i + 1, end));
        i = end + 1;
      } else if (c == 't' && line.startsWith("true", i)) {
        value = BooleanNode.TRUE;
        i += 4;
      } else if (c == 'f' && line.startsWith("false", i)) {
        value = BooleanNode.FALSE;
        i += 5;
      } else if (c == 'n' && line.startsWith("null", i)) {
        value = NullNode.instance;
        i += 4;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        end = numberEnd(line, i);
        if (end < 0 || end - i > MAX_NUMBER_LENGTH) {
          return null;
        }
        value = number(line.substring(i, end));
        i = end;
      } else {
        return null;
      }
      object.set(key, value);
      i = skipSpace(line, i);
      if (i >= n) {
        return null;
      }
      c = line.charAt(i);
      if (c == ',') {
        i = skipSpace(line, i + 1);
      } else if (c == '}') {
        return onlySpaceFrom(line, i + 1) ? object : null;
      } else {
        return null;
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean onlySpaceFrom(String s, int i) {
    return skipSpace(s, i) == s.length();
  }

  /** Index of the closing quote of a string starting at {@code i}, or -1 for an escape, a control character or no end. */
  private static int stringEnd(String s, int i) {
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return i;
      }
      if (c == '\\' || c < 0x20) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * End of a JSON number starting at {@code i} ({@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}),
   * or -1 when the text there is not one; the next character must not continue it.
   */
  private static int numberEnd(String s, int i) {
    int n = s.length();
    if (s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return -1;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
      i = digits(s, i);
    } else {
      return -1;
    }
    if (i < n && s.charAt(i) == '.') {
      int start = i + 1;
      i = digits(s, start);
      if (i == start) {
        return -1;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int start = i;
      i = digits(s, start);
      if (i == start) {
        return -1;
      }
    }
    if (i < n) {
      char c = s.charAt(i);
      if (!isSpace(c) && c != ',' && c != '}') {
        return -1;
      }
    }
    return i;
  }

  private static int digits(String s, int i) {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** The node Jackson makes of a number: int, long or big integer by size; a fraction or exponent is a double. */
  private static JsonNode number(String text) {
    boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    if (!integral) {
      return DoubleNode.valueOf(Double.parseDouble(text));
    }
    if (text.length() <= 18) {
      long v = Long.parseLong(text);
      return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    }
    BigInteger value = new BigInteger(text);
    if (value.bitLength() < 32) {
      return IntNode.valueOf(value.intValue());
    }
    if (value.bitLength() < 64) {
      return LongNode.valueOf(value.longValue());
    }
    return BigIntegerNode.valueOf(value);
  }
}
