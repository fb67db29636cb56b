package dev.dmsb.dockerfile.syntax;

/**
 * A half-open span of a Dockerfile's text: {@code start} inclusive, {@code end} exclusive. A range
 * may span several physical lines (continuations, heredocs).
 */
public record SourceRange(SourcePosition start, SourcePosition end) {
  /** The text this range covers in {@code source} (the text given to the parser). */
  public String textIn(String source) {
    return source.substring(start.offset(), end.offset());
  }

  /** Number of chars covered. */
  public int length() {
    return end.offset() - start.offset();
  }

  /** Whether {@code other} lies inside this range. */
  public boolean contains(SourceRange other) {
    return start.offset() <= other.start.offset() && other.end.offset() <= end.offset();
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
