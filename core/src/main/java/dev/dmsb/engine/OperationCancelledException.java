package dev.dmsb.engine;

/** The operation was stopped through its {@link Cancellation}; the engine was told to stop too. */
public class OperationCancelledException extends EngineException {
  private static final long serialVersionUID = 1L;

  public OperationCancelledException(String message) {
    super(message);
  }
}
