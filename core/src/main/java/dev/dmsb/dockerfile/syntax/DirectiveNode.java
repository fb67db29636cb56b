package dev.dmsb.dockerfile.syntax;

/**
 * A parser directive at the top of the file: {@code # syntax=...}, {@code # escape=`}, {@code #
 * check=...}.
 *
 * @param key the key lower-cased
 * @param value the value as written (trimmed)
 * @param raw the line with its terminator
 * @param range the line's content
 * @param valueRange the value
 */
public record DirectiveNode(
    String key, String value, String raw, SourceRange range, SourceRange valueRange)
    implements Node {}
