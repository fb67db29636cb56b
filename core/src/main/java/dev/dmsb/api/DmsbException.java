package dev.dmsb.api;

/**
 * Something stopped dmsb from building or verifying an image. The message says what happened and
 * what to do; the subclasses name the cause: {@link DockerfileProblemException}, {@link
 * BuildFailureException}, {@link EngineUnavailableException}, {@link ImageMissingException}, {@link
 * CancelledException}.
 */
public class DmsbException extends Exception {
  private static final long serialVersionUID = 1L;

  public DmsbException(String message) {
    super(message);
  }

  public DmsbException(String message, Throwable cause) {
    super(message, cause);
  }
}
