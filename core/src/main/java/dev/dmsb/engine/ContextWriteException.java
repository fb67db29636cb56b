package dev.dmsb.engine;

/**
 * Writing the build context failed on dmsb's side (an unreadable file, a refused source), so the
 * build was abandoned before the engine saw a complete context. The cause is what the {@link
 * BuildContextWriter} threw; its message is fit for a user.
 */
public class ContextWriteException extends EngineException {
  private static final long serialVersionUID = 1L;

  public ContextWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
