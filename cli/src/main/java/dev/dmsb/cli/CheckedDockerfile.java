package dev.dmsb.cli;

import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.check.Severity;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.rewrite.Edit;
import dev.dmsb.dockerfile.rewrite.Rewrite;
import dev.dmsb.dockerfile.rewrite.RewriteException;
import dev.dmsb.dockerfile.rewrite.RewriteOptions;
import dev.dmsb.dockerfile.rewrite.Rewriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The Dockerfile as {@code dmsb build} checks it before anything is sent: its problems, shown as
 * {@code dmsb lint} shows them but for the errors the canonical rewrite mends, and the text to
 * submit, which is that rewrite (so that both builders read the file alike) unless BuildKit reads
 * the file as written the same way.
 */
final class CheckedDockerfile {
  private final String displayName;
  private final String asWritten;
  private final Rewrite rewrite;
  private final boolean rewriteMends;
  private final boolean hasErrors;
  private final LintResult submitted;

  private CheckedDockerfile(
      String displayName,
      String asWritten,
      Rewrite rewrite,
      boolean rewriteMends,
      boolean hasErrors,
      LintResult submitted) {
    this.displayName = displayName;
    this.asWritten = asWritten;
    this.rewrite = rewrite;
    this.rewriteMends = rewriteMends;
    this.hasErrors = hasErrors;
    this.submitted = submitted;
  }

  /** Lints {@code text} and its canonical rewrite, writing the problems to {@code err}. */
  static CheckedDockerfile check(
      String displayName,
      String text,
      GraphOptions graphOptions,
      boolean terminal,
      PrintWriter err) {
    return check(displayName, text, new LintOptions(graphOptions), terminal, err);
  }

  /**
   * As {@link #check(String, String, GraphOptions, boolean, PrintWriter)}, with {@code options}
   * naming what the build supplies (its secret and SSH IDs).
   */
  static CheckedDockerfile check(
      String displayName, String text, LintOptions options, boolean terminal, PrintWriter err) {
    GraphOptions graphOptions = options.graph();
    LintResult lint = Linter.lint(displayName, text, options);
    Rewrite rewrite = canonical(displayName, text, graphOptions, err);
    LintResult shown = lint.only(d -> d.severity() != Severity.ERROR || !rewrite.covers(d.range()));
    TextReport.forTerminal(terminal).writeProblems(shown, err);
    if (shown.hasErrors()) {
      return new CheckedDockerfile(displayName, text, rewrite, false, true, lint);
    }
    // The errors left are those the rewrite mends: then only the rewrite builds.
    boolean mends = lint.hasErrors();
    LintResult submitted = lint;
    if (rewrite.changed()) {
      submitted = Linter.lint(displayName, rewrite.text(), options);
      if (submitted.hasErrors()) {
        TextReport.forTerminal(terminal).writeProblems(submitted, err);
        throw new UserError(
            ExitCode.INTERNAL,
            "the rewritten " + displayName + " has lint errors; please report it");
      }
    }
    return new CheckedDockerfile(displayName, text, rewrite, mends, false, submitted);
  }

  /** The canonical rewrite of the Dockerfile; none when it cannot be made (said as a warning). */
  private static Rewrite canonical(
      String displayName, String text, GraphOptions graphOptions, PrintWriter err) {
    try {
      return Rewriter.rewrite(displayName, text, RewriteOptions.defaults().withGraph(graphOptions));
    } catch (RewriteException e) {
      err.println("dmsb: warning: building the Dockerfile as written: " + e.getMessage());
      return Rewrite.apply(text, List.of());
    }
  }

  /** Whether errors that the rewrite does not mend stop the build. */
  boolean hasErrors() {
    return hasErrors;
  }

  /** The findings on the text to submit, with its stage graph (the rewrite's when it changed). */
  LintResult lint() {
    return submitted;
  }

  /**
   * The text to submit. The rewrite, with each edit listed on {@code err}; but the file as written
   * when it is sent under its own name, BuildKit builds, and the rewrite mends nothing: BuildKit
   * then reads it as it would read the rewrite, and a rewritten copy would travel in the context
   * archive, where {@code COPY .} takes it into the image (BuildKit honours no {@code
   * .dockerignore} in an archive).
   */
  String submittedText(boolean sentAsItsOwnFile, BooleanSupplier buildKit, PrintWriter err) {
    if (!rewrite.changed()) {
      return asWritten;
    }
    if (!rewriteMends && sentAsItsOwnFile && buildKit.getAsBoolean()) {
      return asWritten;
    }
    for (Edit e : rewrite.edits()) {
      err.println("dmsb: rewrote " + displayName + ":" + e.range().start() + ": " + e.reason());
    }
    return rewrite.text();
  }
}
