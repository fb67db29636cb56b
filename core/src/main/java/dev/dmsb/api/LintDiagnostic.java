package dev.dmsb.api;

/**
 * A finding of dmsb's Dockerfile checks.
 *
 * @param rule the rule's stable id
 * @param severity how much it matters
 * @param message what is wrong, naming the stage
 * @param file the Dockerfile's name
 * @param line 1-based line
 * @param column 1-based column
 * @param stage the stage's name, or null outside stages
 * @param suggestion how to fix it, or null
 */
public record LintDiagnostic(
    String rule,
    Severity severity,
    String message,
    String file,
    int line,
    int column,
    String stage,
    String suggestion) {

  /** {@code file:line:column}. */
  public String location() {
    return file + ":" + line + ":" + column;
  }

  /** {@code file:line:column: severity: message [rule]}, plus the suggestion when there is one. */
  @Override
  public String toString() {
    return location()
        + ": "
        + severity.name().toLowerCase(java.util.Locale.ROOT)
        + ": "
        + message
        + " ["
        + rule
        + "]"
        + (suggestion == null ? "" : " (" + suggestion + ")");
  }
}
