package dev.dmsb.verify;

import java.util.List;

/**
 * What was read from an image archive ({@code docker save} format): the config's history with its
 * {@code empty_layer} flags, the diff IDs, and (when asked for) each layer's file entries.
 *
 * @param history the config's {@code history[]}, oldest first
 * @param diffIds the config's {@code rootfs.diff_ids}, oldest first
 * @param layers each layer's entries in {@code RootFS} order (empty when files were not read)
 */
record ImageArchive(List<ConfigEntry> history, List<String> diffIds, List<LayerFiles> layers) {

  /** One entry of the config's history. */
  record ConfigEntry(String createdBy, boolean emptyLayer) {}

  /** The entries of one layer tar, in the order they appear. */
  record LayerFiles(List<FileEntry> entries) {}

  /** One tar entry of a layer. {@code path} is absolute, without a trailing slash. */
  record FileEntry(String path, long size, Kind kind) {}

  /** What a layer entry does to the filesystem. */
  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    OTHER,
    /** {@code .wh.<name>}: deletes {@code path} from lower layers. */
    WHITEOUT,
    /** {@code .wh..wh..opq}: hides everything below {@code path} from lower layers. */
    OPAQUE
  }
}
