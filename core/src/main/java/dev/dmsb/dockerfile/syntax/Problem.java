package dev.dmsb.dockerfile.syntax;

/**
 * Something the engine would refuse or warn about while reading the text or typing an instruction.
 * Problems are data, never exceptions: the linter turns them into diagnostics.
 *
 * @param code a stable machine code, e.g. {@code heredoc.unterminated}, {@code flag.unknown}
 * @param message what is wrong, in BuildKit's words where BuildKit has words for it
 * @param range where
 * @param suggestion a fix or "did you mean" candidate, or {@code null}
 */
public record Problem(String code, String message, SourceRange range, String suggestion) {
  /** A problem without a suggestion. */
  public Problem(String code, String message, SourceRange range) {
    this(code, message, range, null);
  }
}
