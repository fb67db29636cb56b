package dev.dmsb.dockerfile.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands variables in a word as BuildKit's shell lexer does for FROM and {@code --platform}:
 * {@code $V}, {@code ${V}}, {@code ${V:-w}}, {@code ${V-w}}, {@code ${V:+w}}, {@code ${V+w}};
 * quotes are removed and the escape char escapes the next char. A name absent from the scope is
 * unset; a name mapped to "" is set and empty.
 */
public final class ArgExpander {
  /**
   * Nesting depth beyond which {@code ${...}} is left as written, to stay fast on hostile input.
   */
  static final int MAX_DEPTH = 64;

  /**
   * The result.
   *
   * @param value the expanded word
   * @param used every variable name referred to, in order
   * @param unset the names referred to that were unset
   * @param tooDeep whether nesting exceeded the limit
   */
  public record Result(String value, List<String> used, List<String> unset, boolean tooDeep) {}

  private final String s;
  private final Map<String, String> scope;
  private final char escape;
  private final List<String> used = new ArrayList<>();
  private final List<String> unset = new ArrayList<>();
  private boolean tooDeep;
  private int pos;

  private ArgExpander(String s, Map<String, String> scope, char escape) {
    this.s = s;
    this.scope = scope;
    this.escape = escape;
  }

  /** Expands {@code word} with {@code scope}. */
  public static Result expand(String word, Map<String, String> scope, char escape) {
    ArgExpander e = new ArgExpander(word, scope, escape);
    String v = e.word(0, false);
    return new Result(v, List.copyOf(e.used), List.copyOf(e.unset), e.tooDeep);
  }

  /** Whether the word holds anything expansion would change ({@code $}, quotes, escapes). */
  public static boolean hasExpansion(String word, char escape) {
    return word.indexOf('$') >= 0
        || word.indexOf('"') >= 0
        || word.indexOf('\'') >= 0
        || word.indexOf(escape) >= 0;
  }

  /** Reads until the end, or until an unquoted '}' when {@code inBraces}. */
  private String word(int depth, boolean inBraces) {
    StringBuilder out = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (inBraces && c == '}') {
        return out.toString();
      }
      if (c == escape) {
        pos++;
        if (pos < s.length()) {
          out.append(s.charAt(pos++));
        }
      } else if (c == '\'') {
        int end = s.indexOf('\'', pos + 1);
        end = end < 0 ? s.length() : end;
        out.append(s, pos + 1, end);
        pos = Math.min(s.length(), end + 1);
      } else if (c == '"') {
        pos++;
        while (pos < s.length() && s.charAt(pos) != '"') {
          char d = s.charAt(pos);
          if (d == escape && pos + 1 < s.length() && "$\"".indexOf(s.charAt(pos + 1)) >= 0
              || d == escape && pos + 1 < s.length() && s.charAt(pos + 1) == escape) {
            out.append(s.charAt(pos + 1));
            pos += 2;
          } else if (d == '$') {
            out.append(variable(depth));
          } else {
            out.append(d);
            pos++;
          }
        }
        pos++;
      } else if (c == '$') {
        out.append(variable(depth));
      } else {
        out.append(c);
        pos++;
      }
    }
    return out.toString();
  }

  /** At a '$': expands the variable and moves past it. */
  private String variable(int depth) {
    pos++;
    if (pos >= s.length()) {
      return "$";
    }
    char c = s.charAt(pos);
    if (c != '{') {
      int start = pos;
      while (pos < s.length() && isNameChar(s.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        return "$";
      }
      return lookup(s.substring(start, pos));
    }
    if (depth >= MAX_DEPTH) {
      tooDeep = true;
      int start = pos - 1;
      pos = s.length();
      return s.substring(start);
    }
    pos++;
    int start = pos;
    while (pos < s.length() && isNameChar(s.charAt(pos))) {
      pos++;
    }
    String name = s.substring(start, pos);
    if (pos >= s.length()) {
      return lookup(name);
    }
    char op = s.charAt(pos);
    if (op == '}') {
      pos++;
      return lookup(name);
    }
    boolean colon = op == ':';
    if (colon) {
      pos++;
      op = pos < s.length() ? s.charAt(pos) : '}';
    }
    pos++;
    String w = word(depth + 1, true);
    pos++; // the closing brace
    String value = lookup(name);
    boolean set = scope.containsKey(name);
    boolean present = colon ? set && !value.isEmpty() : set;
    return switch (op) {
      case '-' -> present ? value : w;
      case '+' -> present ? w : "";
      default -> value; // other modifiers (#, %, /, ?) are not needed for stage references
    };
  }

  private String lookup(String name) {
    used.add(name);
    String v = scope.get(name);
    if (v == null) {
      unset.add(name);
      return "";
    }
    return v;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
