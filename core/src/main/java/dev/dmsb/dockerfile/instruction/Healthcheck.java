package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code HEALTHCHECK [options] CMD command} or {@code HEALTHCHECK NONE}.
 *
 * @param node the syntax node
 * @param none whether {@code NONE}
 * @param command the text after {@code CMD}, or {@code null}
 */
public record Healthcheck(InstructionNode node, boolean none, Text command)
    implements Instruction {}
