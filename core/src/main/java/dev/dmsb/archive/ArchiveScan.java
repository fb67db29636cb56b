package dev.dmsb.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmsb.image.ImageContent;
import java.util.List;

/**
 * What one pass over an image archive found for one image.
 *
 * @param config the image config as parsed JSON (labels, history with dates, platform)
 * @param content the config as dmsb reads it, and the reader's answer for each layer
 * @param storedSizes each layer's size as stored in the archive (compressed when the blob is), in
 *     RootFS order
 */
public record ArchiveScan<T>(JsonNode config, ImageContent<T> content, List<Long> storedSizes) {
  public ArchiveScan {
    storedSizes = List.copyOf(storedSizes);
  }
}
