package dev.dmsb.verify;

import dev.dmsb.dockerfile.graph.Chain;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.dockerfile.syntax.Flag;
import dev.dmsb.dockerfile.syntax.Heredoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Makes the {@link ExpectedChain} of a Dockerfile's target stage from its stage graph. */
public final class ExpectedChains {
  private ExpectedChains() {}

  /**
   * The chain of the graph's target stage (the last stage when no target was set): its base
   * following {@code FROM <stage>}, and every instruction of the stages on the way.
   *
   * @throws VerifyException when the target does not exist or the chain's base is invalid
   */
  public static ExpectedChain of(StageGraph graph) throws VerifyException {
    Stage target =
        graph
            .target()
            .orElseThrow(
                () ->
                    new VerifyException(
                        "the Dockerfile has no stage "
                            + (graph.options().target() == null
                                ? "(no FROM)"
                                : "named '" + graph.options().target() + "'")
                            + "; check --target"));
    Chain chain = graph.chainOf(target);
    if (chain.root() instanceof StageRef.Invalid invalid) {
      throw new VerifyException(
          "stage "
              + chain.stages().get(0).label()
              + " starts FROM '"
              + invalid.written()
              + "', which the engine refuses ("
              + invalid.reason()
              + "); fix the Dockerfile with 'dmsb lint'");
    }
    List<String> stages = new ArrayList<>();
    for (Stage s : chain.stages()) {
      stages.add(s.displayName());
    }
    List<ExpectedStep> steps = new ArrayList<>();
    for (Chain.Step step : chain.steps()) {
      Instruction in = step.instruction();
      steps.add(
          new ExpectedStep(
              step.stage().displayName(),
              in.line(),
              in.keyword(),
              arguments(in),
              flags(in),
              heredocs(in)));
    }
    return new ExpectedChain(Optional.ofNullable(chain.baseImage()), stages, steps);
  }

  private static List<String> flags(Instruction in) {
    List<String> out = new ArrayList<>();
    for (Flag f : in.node().flags()) {
      out.add(f.hasValue() ? f.name() + "=" + f.value() : f.name());
    }
    return out;
  }

  private static List<ExpectedStep.HereDocument> heredocs(Instruction in) {
    List<ExpectedStep.HereDocument> out = new ArrayList<>();
    for (Heredoc h : in.node().heredocs()) {
      out.add(new ExpectedStep.HereDocument(h.delimiter(), h.content()));
    }
    return out;
  }

  /** The arguments after the flags: shell text as BuildKit joins it, or the exec form as JSON. */
  private static String arguments(Instruction in) {
    Arguments args = in.node().arguments();
    if (args instanceof Arguments.Json json) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < json.values().size(); i++) {
        sb.append(i == 0 ? "\"" : ", \"")
            .append(json.values().get(i).replace("\\", "\\\\").replace("\"", "\\\""))
            .append('"');
      }
      return sb.append(']').toString();
    }
    return args instanceof Arguments.Shell shell ? shell.text() : "";
  }
}
