package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.Objects;

/**
 * One change to a Dockerfile: the text of {@code range} (in the original text) is replaced by
 * {@code replacement}. An empty range inserts; an empty replacement deletes.
 *
 * @param range what is replaced, in the original text
 * @param replacement the new text
 * @param reason why, in the user's words (shown by {@code dmsb rewrite} and {@code dmsb build})
 */
public record Edit(SourceRange range, String replacement, String reason) {
  public Edit {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(reason, "reason");
  }

  /** Char offset where the edit starts in the original text. */
  public int start() {
    return range.start().offset();
  }

  /** Char offset where the edit ends (exclusive) in the original text. */
  public int end() {
    return range.end().offset();
  }

  /** 1-based line of the edit in the original text. */
  public int line() {
    return range.start().line();
  }

  /** Whether this edit and {@code other} touch the same text, so their order would be ambiguous. */
  public boolean overlaps(Edit other) {
    if (start() == end() && other.start() == other.end()) {
      return start() == other.start(); // two insertions at one point
    }
    return start() < other.end() && other.start() < end();
  }

  @Override
  public String toString() {
    return range.start() + ": " + reason;
  }
}
