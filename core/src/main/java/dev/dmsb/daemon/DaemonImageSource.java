package dev.dmsb.daemon;

import dev.dmsb.archive.ArchiveStream;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageReference;
import dev.dmsb.image.ImageSource;
import java.util.List;

/**
 * Images in a Docker engine: {@code GET /images/{name}/json} and {@code /history}, and the image
 * archive ({@code GET /images/{name}/get}) read as a stream for the config and the layers. The
 * engine is the caller's to close.
 */
public final class DaemonImageSource implements ImageSource {
  private final Engine engine;

  /** Reads images from {@code engine}. */
  public DaemonImageSource(Engine engine) {
    this.engine = engine;
  }

  @Override
  public String address() {
    return engine.address();
  }

  @Override
  public void ping() throws EngineException {
    engine.ping();
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    return engine.inspect(ImageReference.nameWithin(image));
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    return engine.history(image);
  }

  @Override
  public ImageConfig config(String image, Cancellation cancellation) throws EngineException {
    return engine.exportImage(image, ArchiveStream::readConfig, cancellation);
  }

  @Override
  public <T> ImageContent<T> read(String image, LayerReader<T> reader, Cancellation cancellation)
      throws EngineException {
    return engine.exportImage(image, in -> ArchiveStream.read(in, reader), cancellation);
  }
}
