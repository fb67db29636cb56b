package dev.dmsb.engine;

/** The engine answered with an error, or could not be used. The message is fit for a user. */
public class EngineException extends Exception {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
