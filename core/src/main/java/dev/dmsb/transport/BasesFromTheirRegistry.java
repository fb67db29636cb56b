package dev.dmsb.transport;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageSource;
import dev.dmsb.registry.RegistryReference;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An archive or layout whose other images (a Dockerfile's base, which {@code docker save IMAGE}
 * leaves out) are read from the registry their names point at, as skopeo reads a {@code docker://}
 * name: only the manifest and config, which is all the base comparison needs. The verified image
 * itself is never looked for elsewhere. When the registry cannot say either, the error says both
 * why's, and the verifier checks what it can without the base.
 */
final class BasesFromTheirRegistry implements ImageSource {
  private final ImageSource archive;
  private final String ownName;
  private final Supplier<ImageSource> registries;
  private ImageSource registry;
  private final Set<String> fromRegistry = new HashSet<>();

  BasesFromTheirRegistry(ImageSource archive, String ownName, Supplier<ImageSource> registries) {
    this.archive = archive;
    this.ownName = ownName;
    this.registries = registries;
  }

  private ImageSource registry() {
    if (registry == null) {
      registry = registries.get();
    }
    return registry;
  }

  private ImageSource sourceOf(String image) {
    return fromRegistry.contains(image) ? registry() : archive;
  }

  @Override
  public String address() {
    return archive.address();
  }

  @Override
  public void ping() throws EngineException {
    archive.ping();
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    if (fromRegistry.contains(image)) {
      return registry().inspect(image);
    }
    try {
      return archive.inspect(image);
    } catch (ImageNotFoundException e) {
      if (!elsewhere(image)) {
        throw e;
      }
      try {
        ImageDetails details = registry().inspect(image);
        fromRegistry.add(image);
        fromRegistry.add(details.id());
        return details;
      } catch (ImageNotFoundException r) {
        throw new ImageNotFoundException(
            image, e.getMessage() + ", nor in its registry (" + r.getMessage() + ")");
      } catch (EngineException r) {
        throw new ImageNotFoundException(
            image,
            e.getMessage() + ", and its registry could not be read (" + r.getMessage() + ")");
      }
    }
  }

  /** Whether {@code image} may be looked for in its registry: a reference, not this image. */
  private boolean elsewhere(String image) {
    if (image.isEmpty() || image.equals(ownName) || image.startsWith("sha256:")) {
      return false;
    }
    try {
      RegistryReference.parse(image);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    return sourceOf(image).history(image);
  }

  @Override
  public ImageConfig config(String image, Cancellation cancellation) throws EngineException {
    return sourceOf(image).config(image, cancellation);
  }

  @Override
  public <T> ImageContent<T> read(String image, LayerReader<T> reader, Cancellation cancellation)
      throws EngineException {
    return sourceOf(image).read(image, reader, cancellation);
  }
}
