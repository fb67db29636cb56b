package dev.dmsb.dockerfile.syntax;

import java.util.List;

/** The arguments after the flags: the JSON (exec) form or the shell form. */
public sealed interface Arguments {
  /** Where the arguments are written; an empty range at the end of the line when there are none. */
  SourceRange range();

  /** Whether nothing was written. */
  boolean isEmpty();

  /**
   * A JSON array of strings, e.g. {@code ["sh", "-c", "x"]}.
   *
   * @param values the decoded strings
   * @param range the array as written
   */
  record Json(List<String> values, SourceRange range) implements Arguments {
    public Json {
      values = List.copyOf(values);
    }

    @Override
    public boolean isEmpty() {
      return values.isEmpty();
    }
  }

  /**
   * The shell form: the logical text (continuations joined without a space, comment lines inside
   * them dropped) and its whitespace-separated words (quotes kept, as BuildKit splits them).
   */
  record Shell(String text, List<Word> words, SourceRange range) implements Arguments {
    public Shell {
      words = List.copyOf(words);
    }

    @Override
    public boolean isEmpty() {
      return words.isEmpty();
    }
  }
}
