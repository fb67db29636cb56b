package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the linter found.
 *
 * @param tree the syntax tree
 * @param instructions the typed instructions
 * @param graph the stage graph; empty only when the linter failed internally
 * @param diagnostics findings ordered by position
 * @param checks the rules skipped and raised to errors ({@code --skip}, {@code --error-on} and the
 *     file's {@code # check=} directive), already applied to {@code diagnostics}
 */
public record LintResult(
    SyntaxTree tree,
    List<Instruction> instructions,
    Optional<StageGraph> graph,
    List<Diagnostic> diagnostics,
    CheckConfig checks) {
  public LintResult {
    instructions = List.copyOf(instructions);
    diagnostics = List.copyOf(diagnostics);
    checks = checks == null ? CheckConfig.defaults() : checks;
  }

  /** With every rule checked as it is. */
  public LintResult(
      SyntaxTree tree,
      List<Instruction> instructions,
      Optional<StageGraph> graph,
      List<Diagnostic> diagnostics) {
    this(tree, instructions, graph, diagnostics, CheckConfig.defaults());
  }

  /** Whether any finding is an error. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  /** The same result with only the findings {@code keep} accepts (for a report of some of them). */
  public LintResult only(Predicate<Diagnostic> keep) {
    return new LintResult(
        tree, instructions, graph, diagnostics.stream().filter(keep).toList(), checks);
  }

  /** The ids of the findings, in order (handy in tests). */
  public List<String> ruleIds() {
    return diagnostics.stream().map(Diagnostic::ruleId).toList();
  }
}
