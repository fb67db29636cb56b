package dev.dmsb.engine;

import java.util.Locale;

/**
 * What an engine's size figure counts; it depends on the image store. Docker's graph drivers and
 * Podman count the layers' uncompressed bytes; Docker's containerd image store counts an image by
 * its packed blobs (manifest, config and layers as stored, which are compressed for images it built
 * or pulled) and a layer by its snapshot's disk usage (whole blocks, directories included).
 */
public enum SizeMeaning {
  /** the layers' uncompressed bytes */
  UNCOMPRESSED,
  /** the stored blobs' bytes, compressed */
  COMPRESSED,
  /** the disk space the unpacked layer takes */
  DISK_USAGE;

  /** The meaning in words, as reports show it: {@code uncompressed}, {@code disk usage}. */
  public String words() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
