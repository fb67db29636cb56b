package dev.dmsb.dockerfile.syntax;

import java.util.Arrays;

/**
 * An instruction's text with continuations joined, remembering for every char where it was written,
 * so that any span of the logical text maps back to a physical range.
 */
final class LogicalLine {
  private final StringBuilder text = new StringBuilder();
  private int[] offsets = new int[64];
  private int endOffset;
  private final LineIndex lines;

  LogicalLine(LineIndex lines, int startOffset) {
    this.lines = lines;
    this.endOffset = startOffset;
  }

  /** Appends {@code source[from, to)}. */
  void append(String source, int from, int to) {
    int n = text.length();
    int need = n + (to - from) + 1;
    if (need > offsets.length) {
      offsets = Arrays.copyOf(offsets, Math.max(need, offsets.length * 2));
    }
    text.append(source, from, to);
    for (int i = from; i < to; i++) {
      offsets[n++] = i;
    }
    endOffset = to;
  }

  String text() {
    return text.toString();
  }

  int length() {
    return text.length();
  }

  /** Physical offset of logical char {@code i}; the end of the text maps past the last char. */
  int offset(int i) {
    return i < text.length() ? offsets[i] : endOffset;
  }

  /** Physical range of logical span {@code [from, to)}. */
  SourceRange range(int from, int to) {
    int start = offset(from);
    int end = to > from ? offsets[to - 1] + 1 : start;
    return lines.range(start, end);
  }

  Word word(int from, int to, String logical) {
    return new Word(logical.substring(from, to), range(from, to));
  }
}
