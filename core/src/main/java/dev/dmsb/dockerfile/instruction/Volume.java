package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code VOLUME paths...}.
 *
 * @param node the syntax node
 * @param paths the values as written
 */
public record Volume(InstructionNode node, List<Text> paths) implements Instruction {
  public Volume {
    paths = List.copyOf(paths);
  }
}
