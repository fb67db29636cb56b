package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the leading {@code --flag} words of an instruction as BuildKit's {@code
 * extractBuilderFlags} does: quotes are removed, a backslash escapes the next char, a bare {@code
 * --} ends the flags, the first word not starting with {@code --} starts the arguments.
 */
final class FlagScanner {
  private FlagScanner() {}

  /** The flags found and the logical index where the arguments start. */
  record Result(List<Flag> flags, int argsStart) {}

  static Result scan(String s, int from, LogicalLine line) {
    List<Flag> flags = new ArrayList<>();
    int pos = from;
    int n = s.length();
    while (true) {
      while (pos < n && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      if (pos + 1 >= n || s.charAt(pos) != '-' || s.charAt(pos + 1) != '-') {
        return new Result(flags, pos);
      }
      int wordStart = pos;
      StringBuilder word = new StringBuilder();
      int eq = -1; // logical index of the first '=' outside quotes
      int eqInWord = -1;
      char quote = 0;
      while (pos < n) {
        char c = s.charAt(pos);
        if (quote == 0 && Character.isWhitespace(c)) {
          break;
        }
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
        } else if (quote != 0 && c == quote) {
          quote = 0;
        } else if (c == '\\') {
          if (pos + 1 < n) {
            pos++;
            word.append(s.charAt(pos));
          }
        } else {
          if (c == '=' && eq < 0 && quote == 0) {
            eq = pos;
            eqInWord = word.length();
          }
          word.append(c);
        }
        pos++;
      }
      int wordEnd = pos;
      String w = word.toString();
      if (w.equals("--")) {
        while (pos < n && Character.isWhitespace(s.charAt(pos))) {
          pos++;
        }
        return new Result(flags, pos);
      }
      String name;
      String value;
      SourceRange nameRange;
      SourceRange valueRange;
      if (eq >= 0) {
        name = w.substring(2, eqInWord);
        value = w.substring(eqInWord + 1);
        nameRange = line.range(wordStart, eq);
        valueRange = line.range(eq + 1, wordEnd);
      } else {
        int e = w.indexOf('=');
        name = e >= 0 ? w.substring(2, e) : w.substring(2);
        value = e >= 0 ? w.substring(e + 1) : null;
        nameRange = line.range(wordStart, wordEnd);
        valueRange = e >= 0 ? line.range(wordEnd, wordEnd) : null;
      }
      flags.add(new Flag(name, value, line.range(wordStart, wordEnd), nameRange, valueRange));
    }
  }
}
