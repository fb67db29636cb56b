package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * A path or pattern a reachable stage reads from the build context.
 *
 * @param pattern the source as written, surrounding quotes removed (e.g. {@code src/}, {@code
 *     *.go})
 * @param stage the stage reading it
 * @param instruction the COPY, ADD or RUN (bind mount) reading it
 * @param range where it is written
 */
public record ContextSource(
    String pattern, Stage stage, Instruction instruction, SourceRange range) {}
