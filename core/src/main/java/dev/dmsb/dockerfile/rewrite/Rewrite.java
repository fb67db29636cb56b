package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A rewritten Dockerfile: the new text and the edits that made it, in file order. Every char of the
 * original outside the edits' ranges is in {@link #text()} unchanged.
 *
 * @param original the text before the edits
 * @param text the text after the edits
 * @param edits the edits applied, ordered by position
 * @param notPinned the images {@code --pin} could not pin, in file order (left as written)
 */
public record Rewrite(String original, String text, List<Edit> edits, List<NotPinned> notPinned) {
  public Rewrite {
    edits = List.copyOf(edits);
    notPinned = List.copyOf(notPinned);
  }

  /** With every image pinned that was asked for. */
  public Rewrite(String original, String text, List<Edit> edits) {
    this(original, text, edits, List.of());
  }

  /** The same rewrite, naming the images that could not be pinned. */
  public Rewrite withNotPinned(List<NotPinned> images) {
    return new Rewrite(original, text, edits, images);
  }

  /**
   * Applies edits to {@code original}. Edits are applied by position, whatever their order in the
   * list.
   *
   * @throws IllegalArgumentException when two edits overlap (their result would depend on order) or
   *     an edit lies outside the text
   */
  public static Rewrite apply(String original, List<Edit> edits) {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
    StringBuilder out = new StringBuilder(original.length() + 64);
    int at = 0;
    Edit previous = null;
    for (Edit e : sorted) {
      if (e.start() > e.end() || e.end() > original.length()) {
        throw new IllegalArgumentException("edit outside the text: " + e);
      }
      if (previous != null && previous.overlaps(e)) {
        throw new IllegalArgumentException("overlapping edits: " + previous + " and " + e);
      }
      out.append(original, at, e.start()).append(e.replacement());
      at = e.end();
      previous = e;
    }
    if (sorted.isEmpty()) {
      return new Rewrite(original, original, sorted); // nothing to do: the very same text
    }
    out.append(original, at, original.length());
    return new Rewrite(original, out.toString(), sorted);
  }

  /** Whether the text changed: false means {@link #text()} equals {@link #original()}. */
  public boolean changed() {
    return !text.equals(original);
  }

  /**
   * Whether {@code range} (of the original) lies inside text an edit replaced or removed, e.g. a
   * lint finding this rewrite fixed.
   */
  public boolean covers(SourceRange range) {
    for (Edit e : edits) {
      if (e.start() < e.end()
          && e.start() <= range.start().offset()
          && range.end().offset() <= e.end()) {
        return true;
      }
    }
    return false;
  }
}
