package dev.dmsb.dockerfile.syntax;

/**
 * A piece of an instruction's text and where it is.
 *
 * @param text the text as written on the logical line (continuations joined, quotes kept)
 * @param range the physical range (may span a continuation)
 */
public record Word(String text, SourceRange range) {}
