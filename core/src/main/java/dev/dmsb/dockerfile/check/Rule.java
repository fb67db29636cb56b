package dev.dmsb.dockerfile.check;

/**
 * A lint rule as data.
 *
 * @param id stable identifier, e.g. {@code UndefinedStage}
 * @param severity the default severity (a finding may be raised or lowered by the semantics)
 * @param title one line
 * @param description why it matters and what the engine does
 * @param bad an example that triggers the rule
 * @param good the example fixed
 */
public record Rule(
    String id, Severity severity, String title, String description, String bad, String good) {

  /** The rule's documentation as Markdown: title, description, bad and good examples. */
  public String doc() {
    return "## "
        + id
        + ": "
        + title
        + "\n\n"
        + description
        + "\n\nBad:\n\n```dockerfile\n"
        + bad
        + "\n```\n\nGood:\n\n```dockerfile\n"
        + good
        + "\n```\n";
  }
}
