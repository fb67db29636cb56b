package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects diagnostics for one file. */
final class Findings {
  private final String file;
  private final List<Diagnostic> list;
  private final SourceRange at;

  Findings(String file) {
    this(file, new ArrayList<>(), null);
  }

  private Findings(String file, List<Diagnostic> list, SourceRange at) {
    this.file = file;
    this.list = list;
    this.at = at;
  }

  /**
   * The same findings, each put at {@code range} whatever range it names: for instructions that run
   * where they are not written (ONBUILD triggers run at the FROM of the stage built on them).
   */
  Findings at(SourceRange range) {
    return new Findings(file, list, range);
  }

  void add(Rule rule, SourceRange range, String message, Stage stage, String suggestion) {
    add(rule, rule.severity(), range, List.of(), message, stage, suggestion);
  }

  void add(
      Rule rule,
      Severity severity,
      SourceRange range,
      List<SourceRange> related,
      String message,
      Stage stage,
      String suggestion) {
    list.add(
        new Diagnostic(
            rule,
            severity,
            message,
            file,
            at != null ? at : range,
            at != null ? List.of() : related,
            stage == null ? null : stage.displayName(),
            suggestion));
  }

  List<Diagnostic> sorted() {
    List<Diagnostic> out = new ArrayList<>(list);
    out.sort(
        Comparator.comparingInt((Diagnostic d) -> d.range().start().offset())
            .thenComparing(d -> d.severity().ordinal()));
    return out;
  }
}
