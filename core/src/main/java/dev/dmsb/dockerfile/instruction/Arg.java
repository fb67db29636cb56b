package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code ARG NAME[=default] ...}.
 *
 * @param node the syntax node
 * @param declarations the names declared
 */
public record Arg(InstructionNode node, List<ArgDeclaration> declarations) implements Instruction {
  public Arg {
    declarations = List.copyOf(declarations);
  }
}
