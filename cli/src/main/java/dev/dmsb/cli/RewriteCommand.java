package dev.dmsb.cli;

import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.check.Severity;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.rewrite.Edit;
import dev.dmsb.dockerfile.rewrite.NotPinned;
import dev.dmsb.dockerfile.rewrite.Rewrite;
import dev.dmsb.dockerfile.rewrite.RewriteException;
import dev.dmsb.dockerfile.rewrite.RewriteOptions;
import dev.dmsb.dockerfile.rewrite.Rewriter;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineUnreachableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dmsb rewrite}: writes stage references by name, and optionally prunes, pins and expands,
 * touching nothing else in the file.
 */
@Command(
    name = "rewrite",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrite a Dockerfile's stage references so both builders read them alike: stage indices"
          + " and differently-cased names written as the stage's name (unnamed stages that are"
          + " referenced get AS stageN). Nothing else in the file changes.",
      "Prints the result, a unified diff (--diff) or replaces the file (--in-place). Refuses a"
          + " file with lint errors the rewrite does not fix."
    },
    footer = ExitCode.HELP)
final class RewriteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DockerfilePath dockerfile;

  @Mixin EngineOptions engineOptions;

  @Option(names = "--prune", description = "Remove the stages the target does not use.")
  boolean prune;

  @Option(
      names = "--pin",
      arity = "0..1",
      fallbackValue = "registry",
      paramLabel = "registry|local",
      preprocessor = PinValue.class,
      description =
          "Pin every external image to its digest: the registry's (default) or the local"
              + " image's RepoDigests (local). An image that cannot be pinned is named on stderr"
              + " and left as written.")
  EngineDigests.Mode pin;

  @Option(
      names = "--strict",
      description = "Exit 1 when --pin leaves an image unpinned (the output is still written).")
  boolean strict;

  @Option(
      names = "--expand-args",
      description = "Write FROM $${VAR} with the value used for this build.")
  boolean expandArgs;

  @Option(names = "--diff", description = "Print a unified diff instead of the file.")
  boolean diff;

  @Option(
      names = {"-i", "--in-place"},
      description = "Replace the file (atomically; untouched when nothing changes).")
  boolean inPlace;

  @Option(
      names = {"-q", "--quiet"},
      description = "Do not list the edits on stderr.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (diff && inPlace) {
      throw new ParameterException(spec.commandLine(), "--diff and --in-place exclude each other");
    }
    String name = dockerfile.displayName();
    String text = dockerfile.readDockerfile();
    GraphOptions graph = dockerfile.options().graphOptions();
    RewriteOptions options = new RewriteOptions(graph, true, prune, expandArgs, null);
    // Decide on lint errors before asking the engine anything: a finding counts only when the
    // rewrite does not replace the text it points at.
    LintResult lint = Linter.lint(name, text, new LintOptions(graph));
    Rewrite rewrite = rewrite(name, text, options);
    LintResult blocking =
        lint.only(d -> d.severity() == Severity.ERROR && !rewrite.covers(d.range()));
    PrintWriter err = spec.commandLine().getErr();
    if (!blocking.diagnostics().isEmpty()) {
      new TextReport(false).write(blocking, err);
      err.println("dmsb: not rewriting " + name + ": fix the errors above first");
      err.flush();
      return ExitCode.CHECK_FAILED;
    }
    Rewrite result = pin == null ? rewrite : pinned(name, text, options);
    if (result.changed()) {
      // The rewrite only fixes: a file it makes worse is a dmsb bug, and must not be written.
      LintResult after = Linter.lint(name + " (rewritten)", result.text(), new LintOptions(graph));
      if (after.hasErrors()) {
        new TextReport(false).write(after, err);
        throw new UserError(
            ExitCode.INTERNAL,
            "the rewritten " + name + " has lint errors the original has not; please report it");
      }
    }
    if (!quiet) {
      for (Edit e : result.edits()) {
        err.println(name + ":" + e.range().start() + ": " + e.reason());
      }
    }
    for (NotPinned n : result.notPinned()) {
      err.println((strict ? "dmsb: error: " : "dmsb: warning: ") + n);
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    if (diff) {
      out.print(UnifiedDiff.of("a/" + name, "b/" + name, result.original(), result.text()));
    } else if (inPlace) {
      if (result.changed()) {
        try {
          InPlaceFile.replace(dockerfile.dockerfile(), result.text());
        } catch (IOException e) {
          throw new UserError(
              ExitCode.CHECK_FAILED,
              "cannot replace " + name + " (left as it was): " + e.getMessage());
        }
      }
    } else {
      out.print(result.text());
    }
    out.flush();
    return strict && !result.notPinned().isEmpty() ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  private Rewrite pinned(String name, String text, RewriteOptions options) throws Exception {
    EngineOptions.Opened opened = engineOptions.open();
    try (Engine engine = opened.engine()) {
      for (String w : opened.warnings()) {
        spec.commandLine().getErr().println("dmsb: warning: " + w);
      }
      EngineDigests digests = new EngineDigests(engine, pin, engineOptions.credentials());
      return rewrite(name, text, options.withPin(digests));
    }
  }

  private static Rewrite rewrite(String name, String text, RewriteOptions options)
      throws EngineUnreachableException {
    try {
      return Rewriter.rewrite(name, text, options);
    } catch (RewriteException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof EngineUnreachableException u) {
          throw u; // exit 3: the engine is down, not the image missing
        }
      }
      throw new UserError(ExitCode.CHECK_FAILED, e.getMessage());
    }
  }
}
