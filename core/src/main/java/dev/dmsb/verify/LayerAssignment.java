package dev.dmsb.verify;

import dev.dmsb.engine.HistoryEntry;
import java.util.List;
import java.util.Optional;

/**
 * Tells empty-layer history entries apart and pairs the others with {@code RootFS.Layers} in order.
 * The history API has no {@code empty_layer} field and a real layer can be 0 bytes (a RUN that only
 * makes symlinks), so sizes alone do not decide; the form of {@code CreatedBy} usually does, and
 * the raw image config decides when neither is conclusive.
 */
final class LayerAssignment {
  private LayerAssignment() {}

  /**
   * Empty-layer flags from what the history API says, when they can be told apart for certain.
   *
   * @return the flags, or empty when the raw config must be read
   */
  static Optional<boolean[]> fromHistory(List<HistoryEntry> history, int layerCount) {
    int n = history.size();
    boolean[] byForm = new boolean[n];
    boolean[] bySize = new boolean[n];
    int layersByForm = 0;
    int layersBySize = 0;
    for (int i = 0; i < n; i++) {
      HistoryEntry e = history.get(i);
      // an entry with bytes made a layer whatever its form
      byForm[i] = e.size() == 0 && CreatedBy.parse(e.createdBy()).metadataOnly();
      bySize[i] = e.size() == 0;
      layersByForm += byForm[i] ? 0 : 1;
      layersBySize += bySize[i] ? 0 : 1;
    }
    if (layersByForm == layerCount) {
      return Optional.of(byForm);
    }
    if (layersBySize == layerCount) {
      return Optional.of(bySize);
    }
    return Optional.empty();
  }

  /** The diff ID of each entry's layer, or null for an empty-layer entry. */
  static String[] digests(boolean[] empty, List<String> layers) throws VerifyException {
    int count = 0;
    for (boolean e : empty) {
      count += e ? 0 : 1;
    }
    if (count != layers.size()) {
      throw new VerifyException(
          "the image's history has "
              + count
              + " layer-making entries but RootFS has "
              + layers.size()
              + " layers; the image config is inconsistent, so it cannot be verified");
    }
    String[] out = new String[empty.length];
    int next = 0;
    for (int i = 0; i < empty.length; i++) {
      out[i] = empty[i] ? null : layers.get(next++);
    }
    return out;
  }
}
