package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * A keyword the engine does not know; BuildKit fails with {@code unknown instruction}.
 *
 * @param node the syntax node
 */
public record UnknownInstruction(InstructionNode node) implements Instruction {}
