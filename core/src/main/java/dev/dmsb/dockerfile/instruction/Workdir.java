package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code WORKDIR path}.
 *
 * @param node the syntax node
 * @param path the argument text as written, or {@code null} when missing
 */
public record Workdir(InstructionNode node, Text path) implements Instruction {}
