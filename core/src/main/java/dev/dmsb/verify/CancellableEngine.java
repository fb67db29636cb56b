package dev.dmsb.verify;

import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.engine.RegistryAuth;
import java.util.List;

/**
 * The engine as one verification sees it: once {@code cancellation} is cancelled no further request
 * is made, and a running image export is stopped. The short requests (inspect, history) are bounded
 * by the engine's response timeout, so checking before each is soon enough; the export (the leak
 * scan's, possibly gigabytes) is the one to stop while it runs.
 */
final class CancellableEngine implements Engine {
  private final Engine engine;
  private final Cancellation cancellation;

  CancellableEngine(Engine engine, Cancellation cancellation) {
    this.engine = engine;
    this.cancellation = cancellation;
  }

  /** Throws if the verification was cancelled. */
  void check() throws OperationCancelledException {
    if (cancellation.isCancelled()) {
      throw new OperationCancelledException("The verification was cancelled.");
    }
  }

  @Override
  public String address() {
    return engine.address();
  }

  @Override
  public EngineInfo ping() throws EngineException {
    check();
    return engine.ping();
  }

  @Override
  public BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation ignored)
      throws EngineException {
    check();
    return engine.build(request, context, listener, cancellation);
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    check();
    return engine.inspect(image);
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    check();
    return engine.history(image);
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
    return engine.exportImage(image, reader, cancellation);
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader, Cancellation ignored)
      throws EngineException {
    return engine.exportImage(image, reader, cancellation);
  }

  @Override
  public String distributionDigest(String reference, RegistryAuth auth) throws EngineException {
    check();
    return engine.distributionDigest(reference, auth);
  }

  @Override
  public void pull(String reference, RegistryAuth auth, BuildEventListener listener)
      throws EngineException {
    check();
    engine.pull(reference, auth, listener);
  }

  @Override
  public void removeImage(String image, boolean force) throws EngineException {
    check();
    engine.removeImage(image, force);
  }

  /** The verification does not own the engine: closing it is the caller's. */
  @Override
  public void close() {}
}
