package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage and its FROM ancestors: what the stage's image is made of. The image's layers are the
 * root's layers followed by the layer-making instructions of each stage, root-most first.
 *
 * @param stages from the stage built on the root to the stage asked for (last)
 * @param root what the first stage starts from: an {@link StageRef.ExternalImage}, {@link
 *     StageRef.Scratch} or {@link StageRef.Invalid}
 */
public record Chain(List<Stage> stages, StageRef root) {
  public Chain {
    stages = List.copyOf(stages);
  }

  /**
   * One instruction of the chain.
   *
   * @param stage the stage holding it
   * @param instruction the instruction (its {@code line()} is the Dockerfile line)
   */
  public record Step(Stage stage, Instruction instruction) {}

  /** The root image reference, or {@code null} for scratch or an invalid base. */
  public String baseImage() {
    return root instanceof StageRef.ExternalImage e ? e.reference() : null;
  }

  /** Every instruction of the chain, in order. */
  public List<Step> steps() {
    List<Step> out = new ArrayList<>();
    for (Stage s : stages) {
      for (Instruction i : s.instructions()) {
        out.add(new Step(s, i));
      }
    }
    return out;
  }

  /** The RUN, COPY and ADD instructions of the chain, in order: the layers the build adds. */
  public List<Step> layerSteps() {
    return steps().stream().filter(s -> s.instruction().makesLayer()).toList();
  }
}
