package dev.dmsb.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmsb.image.ImageContent;
import java.util.List;

/**
 * What one pass over an image archive found for one image.
 *
 * @param configDigest the config's digest ({@code sha256:...}): the image ID, as the archive names
 *     the config blob; empty when reading stopped at the first config
 * @param config the image config as parsed JSON (labels, history with dates, platform)
 * @param content the config as dmsb reads it, and the reader's answer for each layer
 * @param storedSizes each layer's size as stored in the archive (compressed when the blob is), in
 *     RootFS order
 */
public record ArchiveScan<T>(
    String configDigest, JsonNode config, ImageContent<T> content, List<Long> storedSizes) {
  public ArchiveScan {
    storedSizes = List.copyOf(storedSizes);
  }
}
