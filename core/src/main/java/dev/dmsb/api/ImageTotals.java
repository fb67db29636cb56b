package dev.dmsb.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes and counts of a verified image.
 *
 * @param imageSize bytes, as the engine reports them
 * @param layers filesystem layers ({@code RootFS.Layers}), base included
 * @param baseLayers layers of the base image (0 without a Dockerfile, or for scratch)
 * @param layersByStage layers per stage on the final stage's chain, base excluded, in order
 */
public record ImageTotals(
    long imageSize, int layers, int baseLayers, Map<String, Integer> layersByStage) {
  public ImageTotals {
    layersByStage = Collections.unmodifiableMap(new LinkedHashMap<>(layersByStage));
  }
}
