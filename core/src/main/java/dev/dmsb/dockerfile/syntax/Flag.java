package dev.dmsb.dockerfile.syntax;

/**
 * A builder flag such as {@code --from=build} written before an instruction's arguments.
 *
 * @param name the name without leading dashes, as written ({@code from})
 * @param value the value with quotes and escapes removed, as BuildKit reads it; {@code null} when
 *     the flag has no {@code =}
 * @param range the whole flag word
 * @param nameRange the {@code --name} part
 * @param valueRange the value part as written (quotes included); an empty range just after the
 *     {@code =} for an empty value, {@code null} when there is no {@code =}
 */
public record Flag(
    String name, String value, SourceRange range, SourceRange nameRange, SourceRange valueRange) {
  /** Whether an {@code =} was written. */
  public boolean hasValue() {
    return value != null;
  }
}
