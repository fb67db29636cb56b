package dev.dmsb.dockerfile.syntax;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shell patterns of BuildKit's {@code ${V#p}}, {@code ${V%p}} and {@code ${V/p/r}}: {@code *}
 * any string (shortest or longest), {@code ?} one char, {@code \} escapes {@code *}, {@code ?} and
 * {@code \} (and is dropped before {@code /} and {@code }}), no bracket expressions. The pattern's
 * escape is always {@code \}, whatever the Dockerfile's escape char, as in BuildKit.
 */
final class ShellPattern {
  private ShellPattern() {}

  /** Thrown for a pattern BuildKit refuses ({@code \x}, a trailing {@code \}). */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  static Pattern compile(String pattern, boolean greedy, boolean anchored) throws Invalid {
    StringBuilder out = new StringBuilder(pattern.length() + 4);
    if (anchored) {
      out.append('^');
    }
    String star = greedy ? ".*" : ".*?";
    int i = 0;
    while (i < pattern.length()) {
      int c = pattern.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '*' -> out.append(star);
        case '?' -> out.append('.');
        case '\\' -> {
          int next = i < pattern.length() ? pattern.codePointAt(i) : -1;
          if (next == '}' || next == '/') {
            continue;
          }
          if (next != '*' && next != '?' && next != '\\') {
            throw new Invalid(
                "invalid escape '\\" + (next < 0 ? "" : Character.toString(next)) + "'");
          }
          i += Character.charCount(next);
          out.append('\\').appendCodePoint(next);
        }
        case '[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$' ->
            out.append('\\').append((char) c);
        default -> out.appendCodePoint(c);
      }
    }
    try {
      return Pattern.compile(out.toString());
    } catch (PatternSyntaxException e) {
      throw new Invalid(e.getDescription());
    }
  }

  /**
   * {@code ${V#p}} and {@code ${V##p}}: the value without the shortest (longest) matching prefix.
   */
  static String trimPrefix(String pattern, String value, boolean greedy) throws Invalid {
    Matcher m = compile(pattern, greedy, true).matcher(value);
    return m.find() ? value.substring(m.end()) : value;
  }

  /**
   * {@code ${V%p}} and {@code ${V%%p}}: as BuildKit does it, the prefix trim of the reversed value
   * by the reversed pattern (escapes kept in front of what they escape).
   */
  static String trimSuffix(String pattern, String value, boolean greedy) throws Invalid {
    String reversed = trimPrefix(reversePattern(pattern), reverse(value), greedy);
    return reverse(reversed);
  }

  static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }

  static String reversePattern(String pattern) {
    int[] cps = pattern.codePoints().toArray();
    int[] out = new int[cps.length];
    int last = cps.length - 1;
    for (int i = 0; i <= last; ) {
      int o = last - i;
      if (cps[i] == '\\' && i != last) {
        out[o - 1] = cps[i];
        out[o] = cps[i + 1];
        i += 2;
      } else {
        out[o] = cps[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }

  /** {@code ${V/p/r}}: the first match replaced by the replacement as it is. */
  static String replaceFirst(String pattern, String value, String replacement) throws Invalid {
    Matcher m = compile(pattern, true, false).matcher(value);
    if (!m.find()) {
      return value;
    }
    return value.substring(0, m.start()) + replacement + value.substring(m.end());
  }

  /**
   * {@code ${V//p/r}}: every match replaced. BuildKit uses Go's {@code ReplaceAllString}, which
   * reads {@code $} in the replacement as a group reference: {@code $$} is a {@code $}, {@code $0}
   * the match, any other name or number (the pattern has no groups) nothing.
   */
  static String replaceAll(String pattern, String value, String replacement) throws Invalid {
    Matcher m = compile(pattern, true, false).matcher(value);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    int lastEnd = -1;
    int pos = 0;
    while (pos <= value.length() && m.find(pos)) {
      int s = m.start();
      int e = m.end();
      int step = e < value.length() ? Character.charCount(value.codePointAt(e)) : 1;
      if (e == s && s == lastEnd) {
        // Go skips an empty match right after the previous match.
        pos = e + step;
        continue;
      }
      out.append(value, copied, s);
      expandTemplate(replacement, m.group(), out);
      copied = e;
      lastEnd = e;
      pos = e == s ? e + step : e;
    }
    out.append(value, copied, value.length());
    return out.toString();
  }

  private static void expandTemplate(String t, String match, StringBuilder out) {
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i < t.length() && t.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      int start;
      int end;
      int next;
      if (i < t.length() && t.charAt(i) == '{') {
        start = i + 1;
        end = start;
        while (end < t.length() && isNameChar(t.codePointAt(end))) {
          end += Character.charCount(t.codePointAt(end));
        }
        if (end == start || end >= t.length() || t.charAt(end) != '}') {
          out.append('$');
          continue;
        }
        next = end + 1;
      } else {
        start = i;
        end = i;
        while (end < t.length() && isNameChar(t.codePointAt(end))) {
          end += Character.charCount(t.codePointAt(end));
        }
        if (end == start) {
          out.append('$');
          continue;
        }
        next = end;
      }
      String name = t.substring(start, end);
      if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')
          && name.length() < 9
          && Integer.parseInt(name) == 0) {
        out.append(match);
      }
      i = next;
    }
  }

  private static boolean isNameChar(int cp) {
    return Character.isLetter(cp) || Character.isDigit(cp) || cp == '_';
  }
}
