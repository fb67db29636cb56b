package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code USER user}.
 *
 * @param node the syntax node
 * @param user the argument text as written, or {@code null} when missing
 */
public record User(InstructionNode node, Text user) implements Instruction {}
