package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.List;

/**
 * One finding.
 *
 * @param rule the rule
 * @param severity its severity here (may differ from the rule's default by semantics or
 *     reachability)
 * @param message what is wrong, naming the stage
 * @param file the Dockerfile's name as given to the linter
 * @param range the primary location
 * @param related further locations (e.g. every reference on a cycle, the other definition)
 * @param stage the stage's display name, or {@code null} outside stages
 * @param suggestion how to fix it (may hold a "did you mean" name), or {@code null}
 */
public record Diagnostic(
    Rule rule,
    Severity severity,
    String message,
    String file,
    SourceRange range,
    List<SourceRange> related,
    String stage,
    String suggestion) {
  public Diagnostic {
    related = List.copyOf(related);
  }

  /** The rule id. */
  public String ruleId() {
    return rule.id();
  }

  /** {@code file:line:column}. */
  public String location() {
    return file + ":" + range.start().line() + ":" + range.start().column();
  }
}
