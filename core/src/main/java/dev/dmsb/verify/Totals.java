package dev.dmsb.verify;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Sizes and counts of the image.
 *
 * @param imageSize the image's size as the engine reports it
 * @param layers filesystem layers ({@code RootFS.Layers}), base included
 * @param baseLayers layers of the base image (0 when no Dockerfile was given or for scratch)
 * @param baseBytes bytes of the base image's layers
 * @param finalStageBytes bytes of the final stage's own layers
 * @param layersByStage layers per stage on the chain (base excluded), in chain order
 * @param bytesByStage bytes per stage on the chain, in chain order
 * @param keptOutBytes bytes of non-final stages' layers that the multi-stage build kept out of the
 *     image, when known (only when the stages' images are still in the engine and were named)
 */
public record Totals(
    long imageSize,
    int layers,
    int baseLayers,
    long baseBytes,
    long finalStageBytes,
    Map<String, Integer> layersByStage,
    Map<String, Long> bytesByStage,
    OptionalLong keptOutBytes) {
  public Totals {
    layersByStage =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layersByStage));
    bytesByStage =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bytesByStage));
  }
}
