package dev.dmsb.engine;

import java.util.List;

/**
 * An engine that passes every request on to another, after {@link #beforeRequest()}: the base of
 * the views that add one concern to an engine (stopping after a cancellation, answering from a ping
 * made earlier). {@link #address()} and {@link #close()} pass on directly.
 */
public abstract class ForwardingEngine implements Engine {
  private final Engine engine;

  protected ForwardingEngine(Engine engine) {
    this.engine = engine;
  }

  /** Runs before each request is passed on; throwing stops the request. */
  protected abstract void beforeRequest() throws EngineException;

  /** The engine requests are passed on to. */
  protected final Engine engine() {
    return engine;
  }

  @Override
  public String address() {
    return engine.address();
  }

  @Override
  public EngineInfo ping() throws EngineException {
    beforeRequest();
    return engine.ping();
  }

  @Override
  public BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException {
    beforeRequest();
    return engine.build(request, context, listener, cancellation);
  }

  @Override
  public java.util.Optional<EngineDialer> dialer() {
    return engine.dialer();
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    beforeRequest();
    return engine.inspect(image);
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    beforeRequest();
    return engine.history(image);
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
    beforeRequest();
    return engine.exportImage(image, reader);
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader, Cancellation cancellation)
      throws EngineException {
    beforeRequest();
    return engine.exportImage(image, reader, cancellation);
  }

  @Override
  public String distributionDigest(String reference, RegistryAuth auth) throws EngineException {
    beforeRequest();
    return engine.distributionDigest(reference, auth);
  }

  @Override
  public void pull(String reference, RegistryAuth auth, BuildEventListener listener)
      throws EngineException {
    beforeRequest();
    engine.pull(reference, auth, listener);
  }

  @Override
  public void removeImage(String image, boolean force) throws EngineException {
    beforeRequest();
    engine.removeImage(image, force);
  }

  @Override
  public void loadImage(java.io.InputStream archive) throws EngineException {
    beforeRequest();
    engine.loadImage(archive);
  }

  @Override
  public void close() {
    engine.close();
  }
}
