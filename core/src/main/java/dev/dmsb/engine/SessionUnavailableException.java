package dev.dmsb.engine;

/** The engine offers no BuildKit session endpoint ({@code POST /session} is not served). */
public class SessionUnavailableException extends EngineException {
  private static final long serialVersionUID = 1L;

  public SessionUnavailableException(String message) {
    super(message);
  }
}
