package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * A value read from an instruction and where it is written, e.g. the {@code build} of {@code
 * --from=build}; edit {@code range} to change it in the source.
 *
 * @param value the value (flag values without quotes; arguments as written)
 * @param range the text to replace to change the value
 */
public record Text(String value, SourceRange range) {}
