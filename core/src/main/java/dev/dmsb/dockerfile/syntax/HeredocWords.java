package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds heredoc openings on a logical line as BuildKit does: split into words outside quotes, then
 * each word of the shape {@code [digits]<<[-]delimiter} (delimiter without {@code <}) opens a
 * heredoc. A quoted delimiter, or any quoted part of it, turns off expansion.
 */
final class HeredocWords {
  private HeredocWords() {}

  record Opening(int start, int end, String delimiter, boolean chomp, boolean expand, int fd) {}

  static List<Opening> find(String s, int from) {
    List<Opening> out = new ArrayList<>();
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
    String rest = s.substring(i, end);
    if (rest.isEmpty() || rest.indexOf('<') >= 0) {
      return null;
    }
    StringBuilder delim = new StringBuilder();
    char quote = 0;
    boolean quoted = false;
    for (int k = 0; k < rest.length(); k++) {
      char c = rest.charAt(k);
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
        quoted = true;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (c == '\\' && quote != '\'' && k + 1 < rest.length()) {
        quoted = true;
        delim.append(rest.charAt(++k));
      } else {
        delim.append(c);
      }
    }
    if (delim.length() == 0) {
      return null;
    }
    return new Opening(start, end, delim.toString(), chomp, !quoted, fd);
  }
}
