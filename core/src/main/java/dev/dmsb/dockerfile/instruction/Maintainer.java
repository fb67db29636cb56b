package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code MAINTAINER name}.
 *
 * @param node the syntax node
 * @param name the argument text as written, or {@code null} when missing
 */
public record Maintainer(InstructionNode node, Text name) implements Instruction {}
