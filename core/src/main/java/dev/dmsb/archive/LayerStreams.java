package dev.dmsb.archive;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A layer blob as the uncompressed tar it holds. The compression is told by the blob's first bytes
 * rather than by its media type, as dive does: archives name no media types, and registries
 * mislabel some. Decoding is streamed (gzip by the JDK, zstd by aircompressor's pure-Java decoder).
 */
public final class LayerStreams {
  private LayerStreams() {}

  /** How a blob is compressed. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD
  }

  /** The compression that {@code head} (a blob's first bytes) shows. */
  public static Compression of(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Compression.GZIP;
    }
    if (head.length >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  /**
   * The uncompressed tar of the layer blob {@code blob}. Closing the answer does not close {@code
   * blob}'s underlying stream when it is an archive entry: callers drain and let the archive move
   * on.
   */
  public static InputStream uncompressed(InputStream blob) throws IOException {
    InputStream in = blob.markSupported() ? blob : new BufferedInputStream(blob, 64 * 1024);
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    return switch (of(head)) {
      case GZIP -> new GZIPInputStream(in, 64 * 1024);
      case ZSTD -> new ZstdInputStream(in);
      case NONE -> in;
    };
  }
}
