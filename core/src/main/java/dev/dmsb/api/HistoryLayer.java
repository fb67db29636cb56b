package dev.dmsb.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One history entry of a verified image, oldest first, attributed to the base image or a stage.
 *
 * @param index 1-based position, oldest first
 * @param stage {@code base <image>}, the stage's name (or index), or {@code -} when not attributed
 * @param line the Dockerfile line, 0 when none
 * @param instruction the instruction in short ({@code COPY /tmp/app-1.0 /opt/app})
 * @param createdBy the builder's raw {@code CreatedBy} text
 * @param size bytes of the layer (0 for entries without one)
 * @param emptyLayer whether the entry made no filesystem layer
 * @param digest the layer's diff ID when it made one
 * @param verdict the verdict
 */
public record HistoryLayer(
    int index,
    String stage,
    int line,
    String instruction,
    String createdBy,
    long size,
    boolean emptyLayer,
    Optional<String> digest,
    LayerVerdict verdict) {
  public HistoryLayer {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(verdict, "verdict");
  }
}
