package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code STOPSIGNAL signal}.
 *
 * @param node the syntax node
 * @param signal the argument text as written, or {@code null} when missing
 */
public record Stopsignal(InstructionNode node, Text signal) implements Instruction {}
