package dev.dmsb.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.engine.SizeMeaning;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageReference;
import dev.dmsb.image.ImageSource;
import dev.dmsb.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An image source that holds images as OCI content: a manifest (or an index leading to one), a
 * config blob and layer blobs, each fetched by digest. An OCI layout folder and a registry are both
 * this; they differ only in how a name and a digest are fetched. Each image's manifest and config
 * are fetched once; layers are streamed to the reader, a layer held twice once.
 */
public abstract class ManifestSource implements ImageSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Platform platform;
  private final Map<String, Resolved> byName = new HashMap<>();
  private final Map<String, Resolved> byId = new HashMap<>();

  /** A source that picks this machine's platform from an index. */
  protected ManifestSource() {
    this(Platform.host());
  }

  /** A source that picks {@code platform} from an index. */
  protected ManifestSource(Platform platform) {
    this.platform = java.util.Objects.requireNonNull(platform, "platform");
  }

  /** What a name leads to at the top: a manifest or an index, and its digest. */
  protected record Found(JsonNode node, String digest, List<String> tags, List<String> digests) {
    /** A top-level manifest or index with the tags and repo digests it is known by. */
    public Found {}
  }

  /** A layer as the manifest describes it. */
  private record Layer(String digest, long size) {}

  private record Resolved(
      String image,
      ImageDetails details,
      List<HistoryEntry> history,
      JsonNode config,
      List<Layer> layers) {}

  /** The manifest or index that {@code image} names. */
  protected abstract Found find(String image) throws EngineException, IOException;

  /** A nested manifest or index of {@code image}, by digest. */
  protected abstract JsonNode manifest(String image, String digest)
      throws EngineException, IOException;

  /** A blob of {@code image}, by digest, as a stream the caller closes. */
  protected abstract InputStream blob(String image, String digest)
      throws EngineException, IOException;

  private Resolved resolve(String reference) throws EngineException {
    String image = ImageReference.nameWithin(reference);
    Resolved known = byId.containsKey(image) ? byId.get(image) : byName.get(image);
    if (known != null) {
      return known;
    }
    try {
      Found found = find(image);
      JsonNode manifest =
          OciIndex.manifest(
              found.node(), digest -> nested(image, digest), describe(image), platform);
      if (!manifest.has("config") || !manifest.has("layers")) {
        throw new EngineException(describe(image) + " is not an image manifest");
      }
      String configDigest = manifest.path("config").path("digest").asText();
      JsonNode config;
      try (InputStream in = blob(image, configDigest)) {
        config = JSON.readTree(in);
      }
      List<Layer> layers = new ArrayList<>();
      List<String> digests = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      SizeMeaning meaning = SizeMeaning.UNCOMPRESSED;
      for (JsonNode d : manifest.path("layers")) {
        String mediaType = d.path("mediaType").asText("");
        if (mediaType.contains("gzip") || mediaType.contains("zstd")) {
          meaning = SizeMeaning.COMPRESSED;
        }
        layers.add(new Layer(d.path("digest").asText(), d.path("size").asLong()));
        digests.add(d.path("digest").asText());
        sizes.add(d.path("size").asLong());
      }
      ImageDetails details =
          ConfigJson.details(
              configDigest, found.tags(), found.digests(), config, digests, sizes, meaning);
      Resolved r =
          new Resolved(
              image, details, ConfigJson.history(configDigest, config, sizes), config, layers);
      byName.put(image, r);
      byId.put(configDigest, r);
      return r;
    } catch (Carried e) {
      throw e.error;
    } catch (IOException e) {
      throw new EngineException("cannot read " + describe(image) + ": " + e.getMessage(), e);
    }
  }

  /** An engine error carried through {@link OciIndex.Loader}, which may throw only I/O errors. */
  private static final class Carried extends IOException {
    private static final long serialVersionUID = 1L;
    final transient EngineException error;

    Carried(EngineException error) {
      super(error.getMessage(), error);
      this.error = error;
    }
  }

  private JsonNode nested(String image, String digest) throws IOException {
    try {
      return manifest(image, digest);
    } catch (EngineException e) {
      throw new Carried(e);
    }
  }

  /** {@code image} and where it is, for messages. */
  protected String describe(String image) {
    return image.isEmpty() ? address() : image + " in " + address();
  }

  /** The error for a name this place does not hold. */
  protected ImageNotFoundException notFound(String image, String why) {
    return new ImageNotFoundException(image, describe(image) + " was not found: " + why);
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    return resolve(image).details();
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    return resolve(image).history();
  }

  @Override
  public ImageConfig config(String image, Cancellation cancellation) throws EngineException {
    return ConfigJson.of(resolve(image).config());
  }

  @Override
  public <T> ImageContent<T> read(String image, LayerReader<T> reader, Cancellation cancellation)
      throws EngineException {
    Resolved r = resolve(image);
    Map<String, T> answers = new HashMap<>();
    List<T> ordered = new ArrayList<>();
    for (Layer layer : r.layers()) {
      if (!answers.containsKey(layer.digest())) {
        answers.put(layer.digest(), readLayer(r, layer, reader, cancellation));
      }
      ordered.add(answers.get(layer.digest()));
    }
    return new ImageContent<>(ConfigJson.of(r.config()), ordered);
  }

  private <T> T readLayer(Resolved r, Layer layer, LayerReader<T> reader, Cancellation c)
      throws EngineException {
    if (c.isCancelled()) {
      throw OperationCancelledException.exporting(describe(r.image()));
    }
    try (InputStream blob = blob(r.image(), layer.digest());
        Cancellation.Registration onCancel = c.onCancel(() -> closeQuietly(blob))) {
      return reader.read(LayerStreams.uncompressed(blob));
    } catch (IOException e) {
      if (c.isCancelled()) {
        throw OperationCancelledException.exporting(describe(r.image()));
      }
      throw new EngineException(
          "reading layer "
              + layer.digest()
              + " of "
              + describe(r.image())
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closed either way: the reader's next read fails
    }
  }
}
