package dev.dmsb.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sizes and counts of a verified image.
 *
 * @param imageSize bytes, as the engine reports them (counted as {@code imageSizeMeaning} says)
 * @param layers filesystem layers ({@code RootFS.Layers}), base included
 * @param baseLayers layers of the base image (0 without a Dockerfile, or for scratch)
 * @param layersByStage layers per stage on the final stage's chain, base excluded, in order
 * @param layerBytes the sum of the layers' sizes from the image's history (counted as {@code
 *     layerSizeMeaning} says): the total the history's rows add up to
 * @param imageSizeMeaning what {@code imageSize} counts: {@code uncompressed}, or {@code
 *     compressed} (the packed blobs, on Docker's containerd image store)
 * @param layerSizeMeaning what {@code layerBytes} counts: {@code uncompressed}, or {@code disk
 *     usage} (on Docker's containerd image store)
 */
public record ImageTotals(
    long imageSize,
    int layers,
    int baseLayers,
    Map<String, Integer> layersByStage,
    long layerBytes,
    String imageSizeMeaning,
    String layerSizeMeaning) {
  public ImageTotals {
    layersByStage = Collections.unmodifiableMap(new LinkedHashMap<>(layersByStage));
    Objects.requireNonNull(imageSizeMeaning, "imageSizeMeaning");
    Objects.requireNonNull(layerSizeMeaning, "layerSizeMeaning");
  }

  /** Totals whose sizes are uncompressed bytes, the image's size being its layers' sum. */
  public ImageTotals(
      long imageSize, int layers, int baseLayers, Map<String, Integer> layersByStage) {
    this(imageSize, layers, baseLayers, layersByStage, imageSize, "uncompressed", "uncompressed");
  }
}
