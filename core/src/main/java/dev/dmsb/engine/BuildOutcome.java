package dev.dmsb.engine;

import java.util.Optional;

/**
 * How a build ended on the engine.
 *
 * @param imageId the full {@code sha256:} image ID when the build succeeded
 * @param error the engine's error message when it failed
 * @param bytesSent how many bytes of context were sent
 */
public record BuildOutcome(Optional<String> imageId, Optional<String> error, long bytesSent) {
  public boolean succeeded() {
    return imageId.isPresent() && error.isEmpty();
  }
}
