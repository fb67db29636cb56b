package dev.dmsb.engine;

/** The operation was stopped through its {@link Cancellation}; the engine was told to stop too. */
public class OperationCancelledException extends EngineException {
  private static final long serialVersionUID = 1L;

  public OperationCancelledException(String message) {
    super(message);
  }

  /** The export of {@code image} was stopped. */
  public static OperationCancelledException exporting(String image) {
    return new OperationCancelledException(
        "Reading the archive of " + image + " was cancelled; the connection was closed.");
  }
}
