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
 * @param url BuildKit's page for one of its build checks ({@code docker build --check}), or {@code
 *     null} for dmsb's own rules and for the one check BuildKit gives no page
 *     (InvalidBaseImagePlatform)
 */
public record Rule(
    String id,
    Severity severity,
    String title,
    String description,
    String bad,
    String good,
    String url) {

  /** One of dmsb's own rules. */
  public Rule(
      String id, Severity severity, String title, String description, String bad, String good) {
    this(id, severity, title, description, bad, good, null);
  }

  /** BuildKit's build checks that BuildKit reports without a URL (v0.32's ruleset.go). */
  private static final java.util.Set<String> BUILDKIT_CHECKS_WITHOUT_URL =
      java.util.Set.of("InvalidBaseImagePlatform");

  /** Whether this is one of BuildKit's build checks, named as BuildKit names it. */
  public boolean isBuildKitCheck() {
    return url != null || BUILDKIT_CHECKS_WITHOUT_URL.contains(id);
  }

  /** The rule's documentation as Markdown: title, description, bad and good examples. */
  public String doc() {
    return "## "
        + id
        + ": "
        + title
        + "\n\n"
        + description
        + (url != null
            ? "\n\nBuildKit's build check " + id + ": <" + url + ">"
            : isBuildKitCheck()
                ? "\n\nBuildKit's build check " + id + " (BuildKit gives it no page)."
                : "")
        + "\n\nBad:\n\n```dockerfile\n"
        + bad
        + "\n```\n\nGood:\n\n```dockerfile\n"
        + good
        + "\n```\n";
  }
}
