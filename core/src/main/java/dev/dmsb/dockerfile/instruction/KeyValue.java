package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * One pair of ENV or LABEL.
 *
 * @param key the key as written
 * @param value the value as written (quotes kept)
 * @param range the pair
 */
public record KeyValue(String key, String value, SourceRange range) {}
