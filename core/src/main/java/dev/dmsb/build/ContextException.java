package dev.dmsb.build;

/**
 * The build context can't be prepared or sent: a malformed {@code .dockerignore} line, an
 * unreadable file, a COPY source outside the context. The message names the file and says what to
 * do.
 */
public class ContextException extends Exception {
  private static final long serialVersionUID = 1L;

  public ContextException(String message) {
    super(message);
  }

  public ContextException(String message, Throwable cause) {
    super(message, cause);
  }
}
