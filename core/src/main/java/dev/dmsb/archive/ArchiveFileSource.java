package dev.dmsb.archive;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageReference;
import dev.dmsb.image.ImageSource;
import dev.dmsb.image.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Images in an archive file: {@code docker-archive:FILE[:REF]} ({@code docker save} in any of its
 * layouts) and {@code oci-archive:FILE[:REF]} (a tar of an OCI layout). Each read is one streamed
 * pass over the file; the config's pass skips layer blobs unread, and its answer is kept.
 */
public final class ArchiveFileSource implements ImageSource {
  private final Path file;
  private final String transport;
  private final Platform platform;
  private final Map<String, Scanned> byName = new HashMap<>();
  private final Map<String, Scanned> byId = new HashMap<>();

  private record Scanned(
      String image, ImageDetails details, List<HistoryEntry> history, ImageConfig config) {}

  /** Reads images from {@code file}; {@code transport} names it in messages. */
  public ArchiveFileSource(Path file, String transport) {
    this(file, transport, Platform.host());
  }

  /** Reads images from {@code file}, picking {@code platform} from a multi-platform index. */
  public ArchiveFileSource(Path file, String transport, Platform platform) {
    this.file = file;
    this.transport = transport;
    this.platform = platform;
  }

  @Override
  public String address() {
    return transport + ":" + file;
  }

  @Override
  public void ping() throws EngineException {
    if (!Files.isRegularFile(file)) {
      throw new ImageNotFoundException("", "the image archive " + file + " does not exist");
    }
  }

  private Scanned scanned(String reference) throws EngineException {
    String image = ImageReference.nameWithin(reference);
    Scanned known = byId.containsKey(image) ? byId.get(image) : byName.get(image);
    if (known != null) {
      return known;
    }
    ArchiveScan<Object> scan;
    try (InputStream in = open()) {
      scan = ArchiveStream.scan(in, image, null, address(), platform);
    } catch (IOException e) {
      throw notFoundOr(image, e);
    }
    String id = scan.configDigest();
    List<String> tags = image.isEmpty() ? List.of() : List.of(image);
    ImageDetails details =
        ConfigJson.details(
            id,
            tags,
            List.of(),
            scan.config(),
            scan.content().config().diffIds(),
            scan.storedSizes());
    Scanned s =
        new Scanned(
            image,
            details,
            ConfigJson.history(id, scan.config(), scan.storedSizes()),
            scan.content().config());
    byName.put(image, s);
    byId.put(id, s);
    return s;
  }

  private EngineException notFoundOr(String image, IOException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (message.contains("holds no image")) {
      return new ImageNotFoundException(image, message);
    }
    return new EngineException("cannot read " + address() + ": " + message, e);
  }

  private InputStream open() throws IOException {
    return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    ping();
    return scanned(image).details();
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    return scanned(image).history();
  }

  @Override
  public ImageConfig config(String image, Cancellation cancellation) throws EngineException {
    return scanned(image).config();
  }

  @Override
  public <T> ImageContent<T> read(String image, LayerReader<T> reader, Cancellation cancellation)
      throws EngineException {
    String name = scanned(image).image();
    try (InputStream in = open();
        Cancellation.Registration r = cancellation.onCancel(() -> close(in))) {
      return ArchiveStream.scan(in, name, reader, address(), platform).content();
    } catch (IOException e) {
      if (cancellation.isCancelled()) {
        throw OperationCancelledException.exporting(address());
      }
      throw notFoundOr(name, e);
    }
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the next read fails either way
    }
  }
}
