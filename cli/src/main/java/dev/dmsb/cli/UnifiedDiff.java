package dev.dmsb.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line (longest common subsequence), with {@code ---}/{@code
 * +++} headers and hunks of three context lines, as {@code diff -u} and {@code git apply} read
 * them. Lines are compared with their terminators, so a CRLF-only change shows.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** The diff, or "" when the texts are equal. */
  static String of(String oldName, String newName, String before, String after) {
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<char[]> ops = script(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(oldName).append('\n');
    out.append("+++ ").append(newName).append('\n');
    int i = 0;
    while (i < ops.size()) {
      if (ops.get(i)[0] == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // extend the hunk while the next change is within two contexts
      while (end < ops.size()) {
        int j = end;
        while (j < ops.size() && ops.get(j)[0] == ' ') {
          j++;
        }
        if (j == ops.size() || j - end > 2 * CONTEXT) {
          end = Math.min(ops.size(), end + CONTEXT);
          break;
        }
        while (j < ops.size() && ops.get(j)[0] != ' ') {
          j++;
        }
        end = j;
      }
      hunk(out, ops, start, end, a, b);
      i = end;
    }
    return out.toString();
  }

  private static void hunk(
      StringBuilder out, List<char[]> ops, int start, int end, List<String> a, List<String> b) {
    int oldLine = 0;
    int newLine = 0;
    for (int k = 0; k < start; k++) {
      oldLine += ops.get(k)[0] != '+' ? 1 : 0;
      newLine += ops.get(k)[0] != '-' ? 1 : 0;
    }
    int oldCount = 0;
    int newCount = 0;
    for (int k = start; k < end; k++) {
      oldCount += ops.get(k)[0] != '+' ? 1 : 0;
      newCount += ops.get(k)[0] != '-' ? 1 : 0;
    }
    out.append("@@ -")
        .append(range(oldLine, oldCount))
        .append(" +")
        .append(range(newLine, newCount))
        .append(" @@\n");
    int ai = oldLine;
    int bi = newLine;
    for (int k = start; k < end; k++) {
      char op = ops.get(k)[0];
      String line = op == '+' ? b.get(bi) : a.get(ai);
      ai += op != '+' ? 1 : 0;
      bi += op != '-' ? 1 : 0;
      out.append(op).append(strip(line)).append('\n');
      if (!line.endsWith("\n")) {
        out.append("\\ No newline at end of file\n");
      }
    }
  }

  private static String range(int line, int count) {
    int first = count == 0 ? line : line + 1;
    return count == 1 ? String.valueOf(first) : first + "," + count;
  }

  /** The line without its {@code \n}; a {@code \r} stays, as diff prints it. */
  private static String strip(String line) {
    return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
  }

  /** Lines with their terminators; a last line without one is kept as is. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int s = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        out.add(text.substring(s, i + 1));
        s = i + 1;
      }
    }
    if (s < text.length()) {
      out.add(text.substring(s));
    }
    return out;
  }

  /** The edit script: ' ' keep, '-' delete from a, '+' insert from b, in order. */
  private static List<char[]> script(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<char[]> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        ops.add(new char[] {' '});
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
        ops.add(new char[] {'+'});
        j++;
      } else {
        ops.add(new char[] {'-'});
        i++;
      }
    }
    return ops;
  }
}
