package dev.dmsb.verify;

import dev.dmsb.engine.EngineException;
import dev.dmsb.image.ImageSource;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Bytes the multi-stage build kept out of the image: the layers of non-final stages' images that
 * the image does not hold. Known only when those images are still in the engine and the caller
 * names them (the legacy builder keeps one image per stage; BuildKit keeps none).
 */
final class KeptOut {
  private KeptOut() {}

  static OptionalLong total(ImageSource engine, Map<String, String> stageImages, ImageLayers image)
      throws EngineException, VerifyException {
    if (stageImages.isEmpty()) {
      return OptionalLong.empty();
    }
    Set<String> counted = new HashSet<>(image.details().layers());
    long bytes = 0;
    for (String stageImage : stageImages.values()) {
      ImageLayers stage = ImageLayers.read(engine, stageImage, java.util.Optional.empty());
      for (Map.Entry<String, Long> layer : stage.layerSizes().entrySet()) {
        if (counted.add(layer.getKey())) {
          bytes += layer.getValue();
        }
      }
    }
    return OptionalLong.of(bytes);
  }
}
