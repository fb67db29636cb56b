package dev.dmsb.dockerfile.syntax;

/**
 * A comment line or a blank line outside an instruction.
 *
 * @param kind comment or blank
 * @param raw the line with its terminator
 * @param range the line's content
 */
public record TriviaNode(Kind kind, String raw, SourceRange range) implements Node {
  /** What the line is. */
  public enum Kind {
    COMMENT,
    BLANK
  }

  /** The comment text after {@code #}, or "" for a blank line. */
  public String commentText() {
    String t = raw.strip();
    return t.startsWith("#") ? t.substring(1).strip() : "";
  }
}
