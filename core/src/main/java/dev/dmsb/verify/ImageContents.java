package dev.dmsb.verify;

import dev.dmsb.daemon.DaemonImageSource;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.image.ImageSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The paths of an image's final filesystem, for callers that assert on single paths (the public
 * API's assertions). Reads the image archive as a stream, like the file checks of {@link
 * ImageVerifier}.
 */
public final class ImageContents {
  private ImageContents() {}

  /**
   * One path present in the image.
   *
   * @param path absolute path ({@code /opt/app/bin/hello})
   * @param size bytes (0 for folders and links)
   * @param layer 0-based index into {@code RootFS.Layers} of the layer that last wrote it
   * @param directory whether it is a folder
   */
  public record Entry(String path, long size, int layer, boolean directory) {}

  /**
   * Every path present in {@code image}'s final filesystem (whiteouts applied), sorted.
   *
   * @throws EngineException when the engine cannot export the image
   */
  public static List<Entry> read(Engine engine, String image) throws EngineException {
    return read(engine, image, Cancellation.create());
  }

  /**
   * As {@link #read(Engine, String)}, stopped by {@code cancellation}: no request is made after it,
   * and a running export is closed ({@link dev.dmsb.engine.OperationCancelledException}).
   */
  public static List<Entry> read(Engine engine, String image, Cancellation cancellation)
      throws EngineException {
    return read(new DaemonImageSource(engine), image, cancellation);
  }

  /**
   * Every path present in {@code image}'s final filesystem, read from {@code source}, stopped by
   * {@code cancellation} as {@link #read(Engine, String, Cancellation)} is.
   */
  public static List<Entry> read(ImageSource source, String image, Cancellation cancellation)
      throws EngineException {
    return readAll(new CancellableSource(source, cancellation), image);
  }

  private static List<Entry> readAll(ImageSource source, String image) throws EngineException {
    String id = source.inspect(image).id();
    return entries(
        ImageArchiveScanner.of(source.read(id, ImageArchiveScanner::list, Cancellation.create())));
  }

  static List<Entry> entries(ImageArchive archive) {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, ImageFiles.Present> e :
        ImageFiles.stack(archive.layers()).paths().entrySet()) {
      ImageFiles.Present p = e.getValue();
      out.add(new Entry(e.getKey(), p.size(), p.layer(), p.kind() == ImageArchive.Kind.DIRECTORY));
    }
    return out;
  }
}
