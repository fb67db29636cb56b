package dev.dmsb.cli;

import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Severity;
import dev.dmsb.dockerfile.syntax.LineIndex;
import java.io.PrintWriter;
import java.util.List;

/** Diagnostics like a compiler: location, the source line, carets under the range, the help. */
final class TextReport {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String BLUE = "\u001b[34m";

  private final boolean color;

  TextReport(boolean color) {
    this.color = color;
  }

  /** Colored when a person reads it on a terminal, unless {@code NO_COLOR} is set. */
  static TextReport forTerminal(boolean terminal) {
    return new TextReport(terminal && System.getenv("NO_COLOR") == null);
  }

  /**
   * Only the warnings and errors, as a build shows them: notes (a latest tag, an untagged image)
   * are advice for {@code dmsb lint} and would repeat on every build.
   */
  void writeProblems(LintResult result, PrintWriter out) {
    write(result.only(d -> d.severity() != Severity.INFO), out);
  }

  void write(LintResult result, PrintWriter out) {
    LineIndex lines = result.tree().lines();
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    for (Diagnostic d : result.diagnostics()) {
      switch (d.severity()) {
        case ERROR -> errors++;
        case WARNING -> warnings++;
        default -> infos++;
      }
      out.println(
          paint(BOLD, d.location() + ":")
              + " "
              + paint(colorOf(d.severity()), d.severity().label() + "[" + d.ruleId() + "]")
              + paint(BOLD, ": " + d.message()));
      int line = d.range().start().line();
      if (line <= lines.lineCount()) {
        String src = lines.lineText(line);
        String gutter = String.valueOf(line);
        String pad = " ".repeat(gutter.length());
        out.println(paint(BLUE, " " + gutter + " | ") + src);
        out.println(paint(BLUE, " " + pad + " | ") + paint(colorOf(d.severity()), carets(d, src)));
      }
      if (d.suggestion() != null) {
        out.println("  = help: " + d.suggestion());
      }
      if (d.rule().url() != null) {
        out.println("  = see: " + d.rule().url());
      }
    }
    if (!result.diagnostics().isEmpty()) {
      out.println(
          plural(errors, "error")
              + ", "
              + plural(warnings, "warning")
              + ", "
              + plural(infos, "note"));
      List<String> skipped = result.checks().skippedRules();
      List<String> raised = result.checks().erroringRules();
      if (!skipped.isEmpty()) {
        out.println("skipped rules: " + String.join(", ", skipped));
      }
      if (!raised.isEmpty()) {
        out.println("rules reported as errors: " + String.join(", ", raised));
      }
    }
    out.flush();
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  /** Carets under the range on its first line; tabs kept so the carets line up. */
  static String carets(Diagnostic d, String src) {
    int start = Math.min(d.range().start().column() - 1, src.length());
    int end =
        d.range().end().line() == d.range().start().line()
            ? Math.min(d.range().end().column() - 1, src.length())
            : src.length();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < start; i++) {
      sb.append(src.charAt(i) == '\t' ? '\t' : ' ');
    }
    sb.append("^".repeat(Math.max(1, end - start)));
    return sb.toString();
  }

  private String paint(String code, String text) {
    return color ? code + text + RESET : text;
  }

  private static String colorOf(Severity s) {
    return switch (s) {
      case ERROR -> "\u001b[1;31m";
      case WARNING -> "\u001b[1;33m";
      case INFO -> "\u001b[1;36m";
    };
  }
}
