package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * One {@code NAME[=default]} of an ARG.
 *
 * @param name the name
 * @param defaultValue the default as written (quotes kept, unexpanded), or {@code null}
 * @param range the declaration
 */
public record ArgDeclaration(String name, String defaultValue, SourceRange range) {}
