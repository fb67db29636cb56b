package dev.dmsb.dockerfile.syntax;

import java.util.Arrays;

/** Maps char offsets of a text to 1-based line and column numbers. */
public final class LineIndex {
  private final String text;
  private final int[] starts;
  private final int count;

  /** Indexes {@code text}; a leading BOM is not part of line 1's columns. */
  public LineIndex(String text) {
    this.text = text;
    int[] s = new int[16];
    int n = 0;
    s[n++] = text.startsWith("\uFEFF") ? 1 : 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (n == s.length) {
          s = Arrays.copyOf(s, n * 2);
        }
        s[n++] = i + 1;
      }
    }
    this.starts = s;
    this.count = n;
  }

  /** The position of a char offset (0 ≤ offset ≤ text length). */
  public SourcePosition position(int offset) {
    int i = Arrays.binarySearch(starts, 0, count, offset);
    int line = i >= 0 ? i : Math.max(0, -i - 2);
    int column = Math.max(0, offset - starts[line]) + 1;
    return new SourcePosition(line + 1, column, offset);
  }

  /** A range between two offsets. */
  public SourceRange range(int start, int end) {
    return new SourceRange(position(start), position(end));
  }

  /** Number of lines (a trailing newline opens an empty last line). */
  public int lineCount() {
    return count;
  }

  /** Offset where a 1-based line's content starts. */
  public int lineStart(int line) {
    return starts[line - 1];
  }

  /** The content of a 1-based line without its terminator ({@code \n} or {@code \r\n}). */
  public String lineText(int line) {
    int s = starts[line - 1];
    int e = line < count ? starts[line] - 1 : text.length();
    if (e > s && text.charAt(e - 1) == '\r') {
      e--;
    }
    return text.substring(s, Math.max(s, e));
  }
}
