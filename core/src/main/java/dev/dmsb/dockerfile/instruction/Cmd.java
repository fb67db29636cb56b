package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code CMD} in JSON or shell form.
 *
 * @param node the syntax node
 * @param arguments the arguments
 */
public record Cmd(InstructionNode node, Arguments arguments) implements Instruction {}
