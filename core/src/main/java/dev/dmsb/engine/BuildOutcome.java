package dev.dmsb.engine;

import java.util.Map;
import java.util.Optional;

/**
 * How a build ended on the engine.
 *
 * @param imageId the full {@code sha256:} image ID when the build succeeded
 * @param error the engine's error message when it failed
 * @param bytesSent how many bytes of context were sent
 * @param exporterResponse what BuildKit's exporter answered ({@code containerimage.digest}, ...);
 *     empty where the engine does not say
 */
public record BuildOutcome(
    Optional<String> imageId,
    Optional<String> error,
    long bytesSent,
    Map<String, String> exporterResponse) {

  public BuildOutcome {
    exporterResponse = Map.copyOf(exporterResponse);
  }

  /** An outcome without an exporter response. */
  public BuildOutcome(Optional<String> imageId, Optional<String> error, long bytesSent) {
    this(imageId, error, bytesSent, Map.of());
  }

  public boolean succeeded() {
    return imageId.isPresent() && error.isEmpty();
  }
}
