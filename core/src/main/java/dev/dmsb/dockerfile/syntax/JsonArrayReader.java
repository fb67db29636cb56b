package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array the way BuildKit's {@code parseJSON} does: a valid array of strings is the
 * exec form, any other valid JSON array is an error, invalid JSON means shell form. Iterative
 * scanning with a nesting limit keeps hostile input cheap.
 */
final class JsonArrayReader {
  private static final int MAX_DEPTH = 512;

  /** What the text turned out to be. */
  enum Kind {
    STRINGS,
    NOT_STRINGS,
    INVALID
  }

  record Result(Kind kind, List<String> values) {}

  private final String s;
  private int pos;

  private JsonArrayReader(String s, int pos) {
    this.s = s;
    this.pos = pos;
  }

  static Result read(String s, int from) {
    return new JsonArrayReader(s, from).array();
  }

  private Result array() {
    List<String> values = new ArrayList<>();
    boolean onlyStrings = true;
    if (!eat('[')) {
      return invalid();
    }
    ws();
    if (eat(']')) {
      return end(values, true);
    }
    while (true) {
      ws();
      if (pos < s.length() && s.charAt(pos) == '"') {
        String v = string();
        if (v == null) {
          return invalid();
        }
        values.add(v);
      } else {
        onlyStrings = false;
        if (!value(0)) {
          return invalid();
        }
      }
      ws();
      if (eat(',')) {
        continue;
      }
      if (eat(']')) {
        return end(values, onlyStrings);
      }
      return invalid();
    }
  }

  private Result end(List<String> values, boolean onlyStrings) {
    ws();
    if (pos != s.length()) {
      return invalid();
    }
    return onlyStrings ? new Result(Kind.STRINGS, values) : new Result(Kind.NOT_STRINGS, List.of());
  }

  private static Result invalid() {
    return new Result(Kind.INVALID, List.of());
  }

  private boolean value(int depth) {
    if (depth > MAX_DEPTH || pos >= s.length()) {
      return false;
    }
    char c = s.charAt(pos);
    if (c == '"') {
      return string() != null;
    }
    if (c == '[' || c == '{') {
      char close = c == '[' ? ']' : '}';
      pos++;
      ws();
      if (eat(close)) {
        return true;
      }
      while (true) {
        ws();
        if (close == '}') {
          if (string() == null) {
            return false;
          }
          ws();
          if (!eat(':')) {
            return false;
          }
          ws();
        }
        if (!value(depth + 1)) {
          return false;
        }
        ws();
        if (eat(',')) {
          continue;
        }
        return eat(close);
      }
    }
    for (String lit : new String[] {"true", "false", "null"}) {
      if (s.startsWith(lit, pos)) {
        pos += lit.length();
        return true;
      }
    }
    int start = pos;
    if (pos < s.length() && s.charAt(pos) == '-') {
      pos++;
    }
    while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    return pos > start && Character.isDigit(s.charAt(pos - 1));
  }

  private String string() {
    if (!eat('"')) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        return null;
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= s.length()) {
        return null;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            return null;
          }
          int cp = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos++), 16);
            if (d < 0) {
              return null;
            }
            cp = cp * 16 + d;
          }
          sb.append((char) cp);
        }
        default -> {
          return null;
        }
      }
    }
    return null;
  }

  private void ws() {
    while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private boolean eat(char c) {
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }
}
