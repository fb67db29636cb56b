package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects diagnostics for one file. */
final class Findings {
  private final String file;
  private final List<Diagnostic> list = new ArrayList<>();

  Findings(String file) {
    this.file = file;
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
            range,
            related,
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
