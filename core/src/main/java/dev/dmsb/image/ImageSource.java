package dev.dmsb.image;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A place images are read from: a Docker engine's image store, a registry, an OCI layout, an image
 * archive. Images are named as the place names them (a tag or an ID for an engine, a reference for
 * a registry, a ref name for a layout; the empty name is a layout's or archive's only image), and
 * the ID that {@link #inspect} answers names the same image in every other call.
 *
 * <p>Layer contents are only ever streamed: {@link #read} hands each layer's uncompressed tar to a
 * {@link LayerReader} and nothing is written to disk. Failures are {@link EngineException}s with a
 * message fit for a user; an image the place does not hold is a {@link
 * dev.dmsb.engine.ImageNotFoundException}.
 */
public interface ImageSource {

  /** Where the images are read, for messages ({@code unix:///var/run/docker.sock}, ...). */
  String address();

  /** Checks that the place answers (an engine's ping, a registry's {@code /v2/}, a file). */
  void ping() throws EngineException;

  /** The image's inspect data: its ID, diff IDs, labels and size. */
  ImageDetails inspect(String image) throws EngineException;

  /** The image's history, oldest entry first. */
  List<HistoryEntry> history(String image) throws EngineException;

  /**
   * The image's raw config (its history with the {@code empty_layer} flags, and its diff IDs). On
   * an engine this costs an image export; {@code cancellation} stops it.
   */
  ImageConfig config(String image, Cancellation cancellation) throws EngineException;

  /**
   * Reads the config and streams every layer to {@code reader}, which must consume the stream it is
   * given before returning. The reader may be called in whatever order the place stores the layers,
   * once per stored layer; the result lists its answers in {@code RootFS} order, the same answer
   * twice for a layer the image holds twice. {@code cancellation} stops a running read.
   */
  <T> ImageContent<T> read(String image, LayerReader<T> reader, Cancellation cancellation)
      throws EngineException;

  /** Reads one layer's uncompressed tar stream. */
  @FunctionalInterface
  interface LayerReader<T> {
    T read(InputStream layerTar) throws IOException;
  }
}
