package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;

/**
 * {@code FROM [--platform=p] image [AS name]}.
 *
 * @param node the syntax node
 * @param platform the {@code --platform} value (unexpanded), or {@code null}
 * @param image the base as written (may hold {@code $VARS}); {@code null} when missing
 * @param asKeyword the {@code AS} word, or {@code null}
 * @param stageName the stage name as written, or {@code null}
 */
public record From(InstructionNode node, Text platform, Text image, Text asKeyword, Text stageName)
    implements Instruction {}
