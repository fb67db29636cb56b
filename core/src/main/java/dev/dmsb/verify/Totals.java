package dev.dmsb.verify;

import dev.dmsb.engine.SizeMeaning;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Sizes and counts of the image.
 *
 * @param imageSize the image's size as the engine reports it (inspect's {@code Size}), counted as
 *     {@code imageSizeMeaning} says
 * @param layers filesystem layers ({@code RootFS.Layers}), base included
 * @param baseLayers layers of the base image (0 when no Dockerfile was given or for scratch)
 * @param baseBytes bytes of the base image's layers
 * @param finalStageBytes bytes of the final stage's own layers
 * @param layersByStage layers per stage on the chain (base excluded), in chain order
 * @param bytesByStage bytes per stage on the chain, in chain order
 * @param keptOutBytes bytes of non-final stages' layers that the multi-stage build kept out of the
 *     image, when known (only when the stages' images are still in the engine and were named)
 * @param imageSizeMeaning what {@code imageSize} counts
 * @param layerBytes the sum of the image's layer sizes from its history: the total that {@code
 *     baseBytes} and {@code bytesByStage} are parts of (the engine's {@code imageSize} may count
 *     another way, e.g. compressed)
 * @param layerSizeMeaning what {@code layerBytes} and the other byte counts (and the rows' sizes)
 *     count
 */
public record Totals(
    long imageSize,
    int layers,
    int baseLayers,
    long baseBytes,
    long finalStageBytes,
    Map<String, Integer> layersByStage,
    Map<String, Long> bytesByStage,
    OptionalLong keptOutBytes,
    SizeMeaning imageSizeMeaning,
    long layerBytes,
    SizeMeaning layerSizeMeaning) {
  public Totals {
    layersByStage =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layersByStage));
    bytesByStage =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bytesByStage));
  }
}
