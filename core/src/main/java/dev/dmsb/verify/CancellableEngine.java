package dev.dmsb.verify;

import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ForwardingEngine;
import dev.dmsb.engine.OperationCancelledException;

/**
 * The engine as one verification sees it: once {@code cancellation} is cancelled no further request
 * is made, and a running image export is stopped. The short requests (inspect, history) are bounded
 * by the engine's response timeout, so checking before each is soon enough; the export (the leak
 * scan's, possibly gigabytes) is the one to stop while it runs.
 */
final class CancellableEngine extends ForwardingEngine {
  private final Cancellation cancellation;

  CancellableEngine(Engine engine, Cancellation cancellation) {
    super(engine);
    this.cancellation = cancellation;
  }

  /** Throws if the verification was cancelled. */
  void check() throws OperationCancelledException {
    if (cancellation.isCancelled()) {
      throw new OperationCancelledException("The verification was cancelled.");
    }
  }

  @Override
  protected void beforeRequest() throws OperationCancelledException {
    check();
  }

  @Override
  public BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation ignored)
      throws EngineException {
    return super.build(request, context, listener, cancellation);
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
    return engine().exportImage(image, reader, cancellation);
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader, Cancellation ignored)
      throws EngineException {
    return engine().exportImage(image, reader, cancellation);
  }

  /** The verification does not own the engine: closing it is the caller's. */
  @Override
  public void close() {}
}
