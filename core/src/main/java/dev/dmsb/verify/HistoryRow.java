package dev.dmsb.verify;

import java.util.Optional;

/**
 * One history entry of the image, oldest first, with the layer it made (if any) and its
 * attribution.
 *
 * @param index 1-based position, oldest first
 * @param createdBy the builder's {@code CreatedBy} text
 * @param size bytes of the entry's layer (0 for empty-layer entries)
 * @param emptyLayer whether the entry made no filesystem layer
 * @param digest the layer's diff ID ({@code sha256:...}) when the entry made one
 * @param attribution where the entry came from
 * @param verdict the verdict on this row
 */
public record HistoryRow(
    int index,
    String createdBy,
    long size,
    boolean emptyLayer,
    Optional<String> digest,
    Attribution attribution,
    Verdict verdict) {

  /** The stage column: {@code base <image>}, the stage name, or a dash. */
  public String stage() {
    return attribution.stage();
  }

  /** The Dockerfile line, 0 when none. */
  public int line() {
    return attribution.line();
  }

  /** The instruction in short: the builder-specific decoration removed. */
  public String instruction() {
    return CreatedBy.parse(createdBy).display();
  }
}
