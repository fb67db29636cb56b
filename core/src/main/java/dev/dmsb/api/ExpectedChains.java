package dev.dmsb.api;

import dev.dmsb.dockerfile.graph.Chain;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.verify.ExpectedChain;
import dev.dmsb.verify.ExpectedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the stage graph says the image should consist of, in the verifier's terms: the target's FROM
 * chain down to an external image or scratch, and every instruction of the stages on it.
 */
final class ExpectedChains {
  private ExpectedChains() {}

  /**
   * The chain of {@code graph}'s target.
   *
   * @param source the Dockerfile text the graph was read from (JSON arguments are quoted from it)
   * @throws DockerfileProblemException when there is no target or its base cannot be resolved
   */
  static ExpectedChain of(StageGraph graph, String source) throws DockerfileProblemException {
    Stage target =
        graph
            .target()
            .orElseThrow(
                () ->
                    new DockerfileProblemException(
                        "the Dockerfile has no stage "
                            + (graph.options().target() == null
                                ? "at all; add a FROM instruction"
                                : "named '" + graph.options().target() + "'; check the target"),
                        List.of()));
    Chain chain = graph.chainOf(target);
    if (chain.root() instanceof StageRef.Invalid invalid) {
      throw new DockerfileProblemException(
          "stage "
              + target.label()
              + " starts from '"
              + invalid.written()
              + "', which cannot be resolved ("
              + invalid.reason()
              + "); fix its FROM",
          List.of());
    }
    List<String> stages = new ArrayList<>();
    List<ExpectedStep> steps = new ArrayList<>();
    for (Stage s : chain.stages()) {
      String name = stageName(s);
      stages.add(name);
      for (Instruction i : s.instructions()) {
        steps.add(new ExpectedStep(name, i.line(), i.keyword(), arguments(i, source)));
      }
    }
    return new ExpectedChain(Optional.ofNullable(chain.baseImage()), stages, steps);
  }

  /** The name the verifier reports a stage under: as written after AS, else its index. */
  static String stageName(Stage s) {
    return s.isNamed() ? s.name() : String.valueOf(s.index());
  }

  private static String arguments(Instruction i, String source) {
    Arguments args = i.node().arguments();
    if (args instanceof Arguments.Shell shell) {
      return shell.text();
    }
    return args.range().textIn(source);
  }
}
