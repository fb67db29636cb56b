package dev.dmsb.verify;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageSource;
import java.util.List;

/**
 * The image source as one verification sees it: once {@code cancellation} is cancelled no further
 * request is made, and a running read of layers is stopped. The short requests (inspect, history)
 * are bounded by the source's own timeouts, so checking before each is soon enough; the layer read
 * (the leak scan's, possibly gigabytes) is the one to stop while it runs.
 */
final class CancellableSource implements ImageSource {
  private final ImageSource source;
  private final Cancellation cancellation;

  CancellableSource(ImageSource source, Cancellation cancellation) {
    this.source = source;
    this.cancellation = cancellation;
  }

  /** Whether the images are read from a Docker engine ({@code docker-daemon:}). */
  boolean isDaemon() {
    return source instanceof dev.dmsb.daemon.DaemonImageSource;
  }

  /** Throws if the verification was cancelled. */
  void check() throws OperationCancelledException {
    if (cancellation.isCancelled()) {
      throw new OperationCancelledException("The verification was cancelled.");
    }
  }

  @Override
  public String address() {
    return source.address();
  }

  @Override
  public void ping() throws EngineException {
    check();
    source.ping();
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    check();
    return source.inspect(image);
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    check();
    return source.history(image);
  }

  @Override
  public ImageConfig config(String image, Cancellation ignored) throws EngineException {
    check();
    return source.config(image, cancellation);
  }

  @Override
  public <T> ImageContent<T> read(String image, LayerReader<T> reader, Cancellation ignored)
      throws EngineException {
    check();
    return source.read(image, reader, cancellation);
  }
}
