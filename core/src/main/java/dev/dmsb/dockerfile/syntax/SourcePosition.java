package dev.dmsb.dockerfile.syntax;

/**
 * A point in a Dockerfile's text.
 *
 * @param line 1-based line number
 * @param column 1-based column, counted in UTF-16 chars from the start of the line (a leading BOM
 *     is not counted)
 * @param offset 0-based char offset into the whole text as given to the parser (a BOM counts)
 */
public record SourcePosition(int line, int column, int offset)
    implements Comparable<SourcePosition> {
  @Override
  public int compareTo(SourcePosition o) {
    return Integer.compare(offset, o.offset);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
