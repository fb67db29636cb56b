package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code ONBUILD trigger}: runs in downstream builds that use this image as a base.
 *
 * @param node the syntax node
 * @param trigger the wrapped instruction, or {@code null} when missing
 */
public record Onbuild(InstructionNode node, Instruction trigger) implements Instruction {}
