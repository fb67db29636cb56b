package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.syntax.DirectiveNode;
import dev.dmsb.dockerfile.syntax.DockerfileParser;
import dev.dmsb.dockerfile.syntax.LineIndex;
import dev.dmsb.dockerfile.syntax.Problem;
import dev.dmsb.dockerfile.syntax.SourceRange;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import java.util.ArrayList;
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
      CheckConfig checks = options.checks().merge(fileChecks(tree, options, f));
      new StageChecks(dockerfile, graph, f).run();
      new FromChecks(dockerfile, graph, f).run();
      new ReferenceChecks(graph, f).run();
      new TargetChecks(graph, f).run();
      new MountChecks(graph, options, f).run();
      if (!graph.stages().isEmpty()) {
        BuildKitChecks buildKit = new BuildKitChecks(dockerfile, graph, options, f);
        buildKit.run();
        new StageDispatch(graph, options, f, tree.escape(), buildKit).run();
      }
      return new LintResult(
          tree,
          dockerfile.instructions(),
          Optional.of(graph),
          apply(checks, new InstructionComments(tree), f.sorted()),
          checks);
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

  /**
   * {@code --build-arg BUILDKIT_DOCKERFILE_CHECK=...} when given, which replaces the file's
   * directive as in BuildKit, else the file's {@code # check=} directive.
   */
  private static CheckConfig fileChecks(SyntaxTree tree, LintOptions options, Findings f) {
    String arg = options.graph().buildArgs().get("BUILDKIT_DOCKERFILE_CHECK");
    if (arg == null) {
      return directive(tree, f);
    }
    try {
      return CheckConfig.parseDirective(arg);
    } catch (IllegalArgumentException e) {
      f.add(
          Rules.PARSE_ERROR,
          tree.lines().range(0, 0),
          "failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK: " + e.getMessage(),
          null,
          "pass --build-arg BUILDKIT_DOCKERFILE_CHECK=skip=Rule1,Rule2;error=true");
      return CheckConfig.defaults();
    }
  }

  /** The file's {@code # check=} directive; one BuildKit cannot read is a parse error. */
  private static CheckConfig directive(SyntaxTree tree, Findings f) {
    for (DirectiveNode d : tree.directives()) {
      if (d.key().equals("check")) {
        try {
          return CheckConfig.parseDirective(d.value());
        } catch (IllegalArgumentException e) {
          f.add(
              Rules.PARSE_ERROR,
              d.valueRange(),
              "failed to parse check options: " + e.getMessage(),
              null,
              "write # check=skip=Rule1,Rule2;error=true;experimental=Rule3");
        }
      }
    }
    return CheckConfig.defaults();
  }

  /**
   * Leaves out the skipped rules' findings and raises those that error: by the file's and the
   * flags' choice, and by a {@code # check=} comment right above the instruction, as BuildKit does.
   */
  private static List<Diagnostic> apply(
      CheckConfig fileChecks, InstructionComments comments, List<Diagnostic> found) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : found) {
      CheckConfig checks =
          comments.checkAt(d.range().start().offset()).map(fileChecks::merge).orElse(fileChecks);
      if (!checks.reports(d.rule())) {
        continue;
      }
      Severity sev = checks.severity(d.rule(), d.severity());
      out.add(
          sev == d.severity()
              ? d
              : new Diagnostic(
                  d.rule(),
                  sev,
                  d.message(),
                  d.file(),
                  d.range(),
                  d.related(),
                  d.stage(),
                  d.suggestion()));
    }
    return out;
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
