package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.syntax.DockerfileParser;
import dev.dmsb.dockerfile.syntax.LineIndex;
import dev.dmsb.dockerfile.syntax.Problem;
import dev.dmsb.dockerfile.syntax.SourceRange;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import java.util.List;
import java.util.Optional;

/**
 * Checks a Dockerfile: parse problems, stage names, every stage reference, the target and what is
 * built for it, the images used. Never throws: whatever the input, the answer is diagnostics.
 */
public final class Linter {
  private Linter() {}

  /**
   * Lints one Dockerfile.
   *
   * @param fileName the name used in diagnostics (e.g. {@code Dockerfile})
   * @param text the file's content
   * @param options target, build args, semantics
   */
  public static LintResult lint(String fileName, String text, LintOptions options) {
    SyntaxTree tree = null;
    Dockerfile dockerfile = null;
    try {
      tree = DockerfileParser.parse(text);
      dockerfile = Dockerfile.of(tree);
      StageGraph graph = StageGraph.of(dockerfile, options.graph());
      Findings f = new Findings(fileName);
      for (Problem p : dockerfile.problems()) {
        report(p, f);
      }
      new StageChecks(dockerfile, graph, f).run();
      new FromChecks(dockerfile, graph, f).run();
      new ReferenceChecks(graph, f).run();
      new TargetChecks(graph, f).run();
      new MountChecks(graph, options, f).run();
      return new LintResult(tree, dockerfile.instructions(), Optional.of(graph), f.sorted());
    } catch (RuntimeException | StackOverflowError e) {
      // A bug, not the user's mistake: answer with a diagnostic rather than a stack trace.
      SourceRange start = new LineIndex(text).range(0, 0);
      Diagnostic d =
          new Diagnostic(
              Rules.INTERNAL_ERROR,
              Severity.ERROR,
              "dmsb failed while checking this file (" + e + "); please report it",
              fileName,
              start,
              List.of(),
              null,
              null);
      SyntaxTree t = tree != null ? tree : DockerfileParser.parse("");
      return new LintResult(
          t,
          dockerfile == null ? List.of() : dockerfile.instructions(),
          Optional.empty(),
          List.of(d));
    }
  }

  private static void report(Problem p, Findings f) {
    String code = p.code();
    Rule rule;
    if (code.startsWith("flag.")) {
      rule = Rules.INVALID_FLAG;
    } else if (code.equals("instruction.unknown")) {
      rule = Rules.UNKNOWN_INSTRUCTION;
    } else if (code.equals("continuation.empty")) {
      rule = Rules.NO_EMPTY_CONTINUATION;
    } else if (code.equals("mount.from-variable")) {
      rule = Rules.VARIABLE_IN_STAGE_REFERENCE;
    } else {
      rule = Rules.PARSE_ERROR;
    }
    f.add(rule, p.range(), p.message(), null, p.suggestion());
  }
}
