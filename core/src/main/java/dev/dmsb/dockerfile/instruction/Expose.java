package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code EXPOSE ports...}.
 *
 * @param node the syntax node
 * @param ports the values as written
 */
public record Expose(InstructionNode node, List<Text> ports) implements Instruction {
  public Expose {
    ports = List.copyOf(ports);
  }
}
