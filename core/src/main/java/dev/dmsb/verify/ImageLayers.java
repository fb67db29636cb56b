package dev.dmsb.verify;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.image.ImageSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image's inspect data and history with each entry's layer worked out: the history oldest first,
 * the empty-layer flags, and the diff ID each layer-making entry produced.
 */
record ImageLayers(
    ImageDetails details, List<HistoryEntry> history, boolean[] empty, String[] digests) {

  /**
   * Reads an image's layers. {@code archive}, when already read, supplies the config's empty-layer
   * flags; otherwise the history's forms decide, and the config is read from the engine only when
   * they cannot.
   */
  static ImageLayers read(ImageSource engine, String image, Optional<ImageArchive> archive)
      throws EngineException, VerifyException {
    ImageDetails details = engine.inspect(image);
    List<HistoryEntry> history = engine.history(details.id());
    boolean[] empty;
    if (archive.isPresent()) {
      empty = fromConfig(archive.get(), history.size());
    } else {
      Optional<boolean[]> guess = LayerAssignment.fromHistory(history, details.layers().size());
      empty =
          guess.isPresent()
              ? guess.get()
              : fromConfig(
                  ImageArchiveScanner.of(engine.config(details.id(), Cancellation.create())),
                  history.size());
    }
    return new ImageLayers(
        details, history, empty, LayerAssignment.digests(empty, details.layers()));
  }

  private static boolean[] fromConfig(ImageArchive archive, int historySize)
      throws VerifyException {
    List<ImageArchive.ConfigEntry> config = archive.history();
    if (config.size() != historySize) {
      throw new VerifyException(
          "the image config has "
              + config.size()
              + " history entries but the history API answered "
              + historySize
              + "; was the image replaced while it was being verified?");
    }
    boolean[] empty = new boolean[historySize];
    for (int i = 0; i < historySize; i++) {
      empty[i] = config.get(i).emptyLayer();
    }
    return empty;
  }

  /** The size of each layer by diff ID. */
  Map<String, Long> layerSizes() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < digests.length; i++) {
      if (digests[i] != null) {
        out.merge(digests[i], history.get(i).size(), Long::sum);
      }
    }
    return out;
  }
}
