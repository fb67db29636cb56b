package dev.dmsb.api;

/**
 * What a verify finding points at. Fields that do not apply are null (text) or 0 (numbers).
 *
 * @param digest a layer's diff ID
 * @param size bytes of the layer, or of the file when {@code path} is set
 * @param createdBy the history entry's {@code CreatedBy}
 * @param stage the stage the entry is attributed to
 * @param line the Dockerfile line, 0 when none
 * @param path a path in the image, for file findings
 */
public record FindingEvidence(
    String digest, long size, String createdBy, String stage, int line, String path) {}
