package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * One reference from a stage: its base, a {@code COPY --from} or a mount source.
 *
 * @param kind FROM, COPY_FROM or MOUNT_FROM
 * @param stage the stage holding the reference
 * @param target what it resolves to (a stage, an image, scratch, or invalid)
 * @param written the reference as written ({@code --from} value, FROM image text)
 * @param range where the reference is written (edit it to rename)
 * @param instruction the instruction holding it
 */
public record Edge(
    EdgeKind kind,
    Stage stage,
    StageRef target,
    String written,
    SourceRange range,
    Instruction instruction) {

  /** The index of the stage referred to, or -1 when the target is not a stage. */
  public int targetStage() {
    return target.stageIndex().orElse(-1);
  }
}
