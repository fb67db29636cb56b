package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * An image the build pulls or reads from the local store.
 *
 * @param reference the image reference (ARGs expanded for FROM)
 * @param stage the stage using it
 * @param kind as a base (FROM) or as a {@code --from}/mount source
 * @param range where it is written
 * @param instruction the instruction naming it
 */
public record ExternalImageUse(
    String reference, Stage stage, EdgeKind kind, SourceRange range, Instruction instruction) {}
