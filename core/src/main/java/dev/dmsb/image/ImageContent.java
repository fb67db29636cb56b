package dev.dmsb.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An image's config and what a {@link ImageSource.LayerReader} made of each of its layers.
 *
 * @param config the raw config
 * @param layers the reader's answer for each layer, in {@code RootFS} order
 */
public record ImageContent<T>(ImageConfig config, List<T> layers) {

  public ImageContent {
    // List.copyOf refuses nulls; a reader may answer null for a layer it has no use for
    layers = Collections.unmodifiableList(new ArrayList<>(layers));
  }
}
