package dev.dmsb.it.buildkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image's file tree from its layers, applied in order as a container runtime would: later
 * entries replace earlier ones, {@code .wh.NAME} removes {@code NAME} (and what is below it),
 * {@code .wh..wh..opq} empties its folder of what lower layers put there.
 *
 * <p>Each path maps to the same line {@link dev.dmsb.it.ImageTrees#of} gives for an engine's image
 * (type, mode, owner, size, link target, content hash; no times), so trees read from a registry, an
 * archive and an engine compare entry by entry. Folders end with {@code /}. Layers may be plain or
 * gzip tarballs (zstd is refused with a message).
 */
public final class LayerTree {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private final TreeMap<String, String> tree = new TreeMap<>();

  /** A source of one layer's bytes, opened once. */
  @FunctionalInterface
  public interface Layer {
    /** Opens the layer's blob (compressed or not). */
    InputStream open() throws IOException;
  }

  private LayerTree() {}

  /** The tree that {@code layers}, lowest first, make. */
  public static Map<String, String> of(List<Layer> layers) throws IOException {
    LayerTree t = new LayerTree();
    for (Layer layer : layers) {
      try (InputStream in = layer.open()) {
        t.apply(uncompressed(in));
      }
    }
    return t.tree;
  }

  private void apply(InputStream layer) throws IOException {
    Set<String> added = new HashSet<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(layer)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = normalize(e.getName(), e.isDirectory());
        if (name.isEmpty()) {
          continue; // the root folder itself
        }
        String parent = parentOf(name);
        String base = name.substring(parent.length()).replaceAll("/$", "");
        if (base.equals(OPAQUE)) {
          below(parent).keySet().removeIf(k -> !k.equals(parent) && !added.contains(k));
          continue;
        }
        if (base.startsWith(WHITEOUT)) {
          String gone = parent + base.substring(WHITEOUT.length());
          tree.remove(gone);
          below(gone + "/").clear();
          continue;
        }
        if (!e.isDirectory()) {
          // a file replacing a folder takes what was below it too
          below(name + "/").clear();
        } else {
          tree.remove(name.substring(0, name.length() - 1));
        }
        tree.put(name, line(e, tar));
        added.add(name);
      }
    }
  }

  /**
   * The entries at and below {@code prefix} (a folder's name, ending with {@code /}), as a view.
   */
  private Map<String, String> below(String prefix) {
    return tree.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
  }

  /** The same line as {@link dev.dmsb.it.ImageTrees#of}. */
  static String line(TarArchiveEntry e, InputStream content) throws IOException {
    String hash = e.isFile() && !e.isSymbolicLink() && !e.isLink() ? sha256(content) : "";
    String link = e.isLink() ? normalize(e.getLinkName(), false) : e.getLinkName();
    return String.format(
        "%s mode=%o uid=%d gid=%d size=%d link=%s %s",
        e.isDirectory() ? "dir" : e.isSymbolicLink() ? "symlink" : "file",
        e.getMode() & 07777,
        e.getLongUserId(),
        e.getLongGroupId(),
        e.getSize(),
        link,
        hash);
  }

  private static String normalize(String name, boolean dir) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    if (n.equals(".")) {
      n = "";
    }
    if (dir && !n.isEmpty() && !n.endsWith("/")) {
      n = n + "/";
    }
    return n;
  }

  private static String parentOf(String name) {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    int slash = n.lastIndexOf('/');
    return slash < 0 ? "" : n.substring(0, slash + 1);
  }

  private static InputStream uncompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 65536);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, 65536);
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      throw new IOException(
          "a zstd layer: this test oracle reads plain and gzip layers only (build with"
              + " compression=gzip)");
    }
    return in;
  }

  private static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
