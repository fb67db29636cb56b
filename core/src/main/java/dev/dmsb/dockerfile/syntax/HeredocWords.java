package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds heredoc openings on a logical line as BuildKit does ({@code heredocsFromLine}): the line is
 * split into words by the shell lexer with the escape char {@code \} whatever the directive says
 * (outside quotes {@code <<} takes the blanks after it into its word, so {@code << EOF} is one
 * word; a line the lexer refuses has no heredocs), then each word of the shape {@code
 * [digits]<<[-][blanks]delimiter} (delimiter without {@code <}) opens a heredoc. The delimiter is
 * the word with quotes and escapes removed; the body is expanded unless a quote was removed ({@code
 * <<"EOF"}, {@code <<E'O'F}), so an escaped quote ({@code <<eo\'f}) still expands.
 */
final class HeredocWords {
  private HeredocWords() {}

  record Opening(int start, int end, String delimiter, boolean chomp, boolean expand, int fd) {}

  static List<Opening> find(String s, int from) {
    List<Opening> out = new ArrayList<>();
    if (ShellLexer.process(s, Map.of(), RAW_LINE).error() != null) {
      return out;
    }
    int i = from;
    int n = s.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int start = i;
      char quote = 0;
      while (i < n) {
        char c = s.charAt(i);
        if (quote == 0 && Character.isWhitespace(c)) {
          break;
        }
        if (c == '\\' && quote != '\'' && i + 1 < n) {
          i += 2;
          continue;
        }
        if (quote == 0 && c == '<' && i + 1 < n && s.charAt(i + 1) == '<') {
          i += 2;
          while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
            i++;
          }
          continue;
        }
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
        } else if (c == quote) {
          quote = 0;
        }
        i++;
      }
      if (i > start) {
        Opening o = opening(s, start, i);
        if (o != null) {
          out.add(o);
        }
      }
    }
    return out;
  }

  private static Opening opening(String s, int start, int end) {
    int i = start;
    while (i < end && Character.isDigit(s.charAt(i))) {
      i++;
    }
    int fd = -1;
    if (i > start) {
      try {
        fd = Integer.parseInt(s.substring(start, i));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (i + 1 >= end || s.charAt(i) != '<' || s.charAt(i + 1) != '<') {
      return null;
    }
    i += 2;
    boolean chomp = i < end && s.charAt(i) == '-';
    if (chomp) {
      i++;
    }
    while (i < end && isRegexSpace(s.charAt(i))) {
      i++;
    }
    String rest = s.substring(i, end);
    if (rest.isEmpty() || rest.indexOf('<') >= 0) {
      return null;
    }
    ShellLexer.Result unquoted = ShellLexer.process(rest, Map.of(), DELIMITER);
    ShellLexer.Result raw = ShellLexer.process(rest, Map.of(), DELIMITER_RAW_QUOTES);
    if (unquoted.error() != null || unquoted.words().size() != 1 || raw.words().size() != 1) {
      return null;
    }
    String name = unquoted.words().get(0);
    boolean expand = quotes(name) == quotes(raw.words().get(0));
    return new Opening(start, end, name, chomp, expand, fd);
  }

  private static final ShellLexer.Options RAW_LINE =
      ShellLexer.Options.of('\\').raw(true, true, true);
  private static final ShellLexer.Options DELIMITER =
      ShellLexer.Options.of('\\').raw(false, false, true);
  private static final ShellLexer.Options DELIMITER_RAW_QUOTES =
      ShellLexer.Options.of('\\').raw(true, false, true);

  private static int quotes(String w) {
    int n = 0;
    for (int k = 0; k < w.length(); k++) {
      if (w.charAt(k) == '\'' || w.charAt(k) == '"') {
        n++;
      }
    }
    return n;
  }

  /** RE2's {@code \\s}. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }
}
