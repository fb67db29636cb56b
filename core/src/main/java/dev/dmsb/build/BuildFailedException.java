package dev.dmsb.build;

import java.util.Optional;

/** The engine ran the build and it failed. The message is the engine's. */
public class BuildFailedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient FailedStep step;

  public BuildFailedException(String message, FailedStep step) {
    super(message);
    this.step = step;
  }

  /** Where in the Dockerfile it failed, when known. */
  public Optional<FailedStep> step() {
    return Optional.ofNullable(step);
  }
}
