package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.syntax.ShellLexer;
import java.util.List;
import java.util.Map;

/**
 * Expands variables in a word as the targeted engine does for FROM, {@code --platform} and ARG
 * defaults, with BuildKit's lexer ({@link ShellLexer}): every form of current BuildKit for {@link
 * Semantics#BUILDKIT}, and for {@link Semantics#LEGACY} the forms of the BuildKit v0.8 lexer that
 * Docker 20.10's legacy builder uses ({@code ${V}}, {@code ${V:-w}}, {@code ${V:+w}}, {@code
 * ${V:?w}}, {@code ${V?w}}; anything else is an error there). Quotes are removed and the escape
 * char escapes the next char. A name absent from the scope is unset; a name mapped to "" is set and
 * empty.
 */
public final class ArgExpander {
  /** Nesting depth beyond which expansion stops, to stay fast on hostile input. */
  static final int MAX_DEPTH = ShellLexer.MAX_DEPTH;

  private ArgExpander() {}

  /**
   * The result.
   *
   * @param value the expanded word ("" when expansion failed)
   * @param used every variable name referred to, in order
   * @param unset the names referred to that were unset
   * @param tooDeep whether nesting exceeded the limit
   * @param error the engine's error for this word (bad substitution, {@code ${V?msg}}, an
   *     unterminated quote, ...), or {@code null}
   */
  public record Result(
      String value, List<String> used, List<String> unset, boolean tooDeep, String error) {}

  /** Expands {@code word} with {@code scope} as current BuildKit does. */
  public static Result expand(String word, Map<String, String> scope, char escape) {
    return expand(word, scope, escape, Semantics.BUILDKIT);
  }

  /** Expands {@code word} with {@code scope} as the engine of {@code semantics} does. */
  public static Result expand(
      String word, Map<String, String> scope, char escape, Semantics semantics) {
    ShellLexer.Options o = ShellLexer.Options.of(escape);
    if (semantics == Semantics.LEGACY) {
      o = o.with(ShellLexer.Dialect.BUILDKIT_0_8);
    }
    ShellLexer.Result r = ShellLexer.process(word, scope, o);
    return new Result(r.value(), r.used(), r.unset(), r.tooDeep(), r.error());
  }

  /** Whether the word holds anything expansion would change ({@code $}, quotes, escapes). */
  public static boolean hasExpansion(String word, char escape) {
    return word.indexOf('$') >= 0
        || word.indexOf('"') >= 0
        || word.indexOf('\'') >= 0
        || word.indexOf(escape) >= 0;
  }
}
