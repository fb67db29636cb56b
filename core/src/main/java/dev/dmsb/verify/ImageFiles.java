package dev.dmsb.verify;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The image's final filesystem, as the layers stack up: for every path still present, the layer
 * (index into {@code RootFS.Layers}) that last wrote it. Whiteouts and opaque directories remove
 * what lower layers wrote.
 */
final class ImageFiles {
  /** Where a present path came from. */
  record Present(int layer, long size, ImageArchive.Kind kind) {}

  private final TreeMap<String, Present> present = new TreeMap<>();

  static ImageFiles stack(List<ImageArchive.LayerFiles> layers) {
    ImageFiles files = new ImageFiles();
    for (int i = 0; i < layers.size(); i++) {
      files.apply(i, layers.get(i));
    }
    return files;
  }

  private void apply(int layer, ImageArchive.LayerFiles files) {
    // a layer's whiteouts act on the layers below it, so they go first
    for (ImageArchive.FileEntry e : files.entries()) {
      if (e.kind() == ImageArchive.Kind.WHITEOUT) {
        present.remove(e.path());
        below(e.path()).clear();
      } else if (e.kind() == ImageArchive.Kind.OPAQUE) {
        below(e.path()).clear();
      }
    }
    for (ImageArchive.FileEntry e : files.entries()) {
      if (e.kind() != ImageArchive.Kind.WHITEOUT && e.kind() != ImageArchive.Kind.OPAQUE) {
        present.put(e.path(), new Present(layer, e.size(), e.kind()));
      }
    }
  }

  private NavigableMap<String, Present> below(String dir) {
    String prefix = dir.equals("/") ? "/" : dir + "/";
    // '/' + 1 == '0': every key starting with prefix sorts before prefix with its last char bumped
    String end = prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1);
    return present.subMap(prefix, true, end, false);
  }

  /** Every present path, sorted, with the layer that wrote it. */
  Map<String, Present> paths() {
    return java.util.Collections.unmodifiableMap(present);
  }
}
