package dev.dmsb.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a {@code docker save} stream in one pass without writing it anywhere. Layer tars are read
 * entry by entry as they pass (their contents are skipped, never buffered), so memory grows with
 * the number of files, not with the image's bytes.
 *
 * <p>Docker 20.10 writes the archive from a directory walk, so entries come in name order: the
 * layer folders ({@code <v1-id>/layer.tar}, named by a hash, not in layer order), the config
 * ({@code <image-id>.json}), then {@code manifest.json} last. Layer listings are therefore kept by
 * name and put in order from the manifest at the end. The OCI layout of newer engines ({@code
 * blobs/sha256/...}) is recognised by looking at each blob's first bytes.
 */
final class ImageArchiveScanner {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
  private static final int SNIFF = 512;

  private final boolean readFiles;

  private ImageArchiveScanner(boolean readFiles) {
    this.readFiles = readFiles;
  }

  /** Reads the config and every layer's file entries. */
  static ImageArchive readAll(InputStream archive) throws IOException {
    return new ImageArchiveScanner(true).read(archive);
  }

  /** Reads only the config (layer contents are skipped). */
  static ImageArchive readConfig(InputStream archive) throws IOException {
    return new ImageArchiveScanner(false).read(archive);
  }

  private ImageArchive read(InputStream archive) throws IOException {
    Map<String, ImageArchive.LayerFiles> listings = new HashMap<>();
    JsonNode config = null;
    List<String> manifestLayers = null;
    TarArchiveInputStream tar = new TarArchiveInputStream(archive);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      if (!entry.isFile()) {
        continue;
      }
      String name = entry.getName();
      if (name.equals("manifest.json")) {
        manifestLayers = manifestLayers(JSON.readTree(tar));
      } else if (name.equals("repositories")
          || name.equals("index.json")
          || name.equals("oci-layout")
          || name.endsWith("/json")
          || name.endsWith("/VERSION")) {
        continue;
      } else if (!readFiles && !name.endsWith(".json") && !name.startsWith("blobs/")) {
        continue; // a layer.tar: skipped unread when only the config is wanted
      } else {
        BufferedInputStream in = new BufferedInputStream(tar, 64 * 1024);
        in.mark(SNIFF);
        byte[] head = in.readNBytes(SNIFF);
        in.reset();
        if (looksLikeJson(head)) {
          JsonNode node = JSON.readTree(in);
          if (node.has("rootfs") && node.has("history")) {
            config = node;
          }
        } else if (readFiles && (name.endsWith("layer.tar") || looksLikeTar(head))) {
          listings.put(name, list(in));
        }
      }
      if (!readFiles && config != null) {
        break;
      }
    }
    if (config == null) {
      throw new IOException("the image archive holds no image config");
    }
    List<ImageArchive.LayerFiles> ordered = new ArrayList<>();
    if (readFiles) {
      if (manifestLayers == null) {
        throw new IOException("the image archive holds no manifest.json");
      }
      for (String layer : manifestLayers) {
        ImageArchive.LayerFiles files = listings.get(layer);
        if (files == null) {
          throw new IOException("the image archive lacks layer " + layer);
        }
        ordered.add(files);
      }
    }
    return new ImageArchive(history(config), diffIds(config), ordered);
  }

  private static ImageArchive.LayerFiles list(InputStream layerTar) throws IOException {
    List<ImageArchive.FileEntry> files = new ArrayList<>();
    // not closed: closing would close the outer archive stream
    TarArchiveInputStream inner = new TarArchiveInputStream(layerTar);
    TarArchiveEntry e;
    while ((e = inner.getNextEntry()) != null) {
      files.add(fileEntry(e));
    }
    // drain the padding so the outer stream is positioned at its next entry
    layerTar.transferTo(java.io.OutputStream.nullOutputStream());
    return new ImageArchive.LayerFiles(files);
  }

  static ImageArchive.FileEntry fileEntry(TarArchiveEntry e) {
    String path = normalize(e.getName());
    int slash = path.lastIndexOf('/');
    String dir = path.substring(0, slash);
    String base = path.substring(slash + 1);
    if (base.equals(".wh..wh..opq")) {
      return new ImageArchive.FileEntry(dir.isEmpty() ? "/" : dir, 0, ImageArchive.Kind.OPAQUE);
    }
    if (base.startsWith(".wh.")) {
      return new ImageArchive.FileEntry(
          dir + "/" + base.substring(4), 0, ImageArchive.Kind.WHITEOUT);
    }
    ImageArchive.Kind kind;
    if (e.isDirectory()) {
      kind = ImageArchive.Kind.DIRECTORY;
    } else if (e.isSymbolicLink()) {
      kind = ImageArchive.Kind.SYMLINK;
    } else if (e.isLink()) {
      kind = ImageArchive.Kind.HARDLINK;
    } else if (e.isFile()) {
      kind = ImageArchive.Kind.FILE;
    } else {
      kind = ImageArchive.Kind.OTHER;
    }
    return new ImageArchive.FileEntry(path, e.getSize(), kind);
  }

  /** {@code ./etc/} → {@code /etc}. */
  static String normalize(String tarName) {
    String p = tarName;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p.startsWith("/") ? p : "/" + p;
  }

  private static boolean looksLikeJson(byte[] head) {
    for (byte b : head) {
      if (!Character.isWhitespace(b)) {
        return b == '{';
      }
    }
    return false;
  }

  private static boolean looksLikeTar(byte[] head) {
    if (head.length < 262) {
      return false;
    }
    return head[257] == 'u'
        && head[258] == 's'
        && head[259] == 't'
        && head[260] == 'a'
        && head[261] == 'r';
  }

  private static List<String> manifestLayers(JsonNode manifest) throws IOException {
    if (!manifest.isArray() || manifest.isEmpty()) {
      throw new IOException("manifest.json of the image archive is empty");
    }
    List<String> out = new ArrayList<>();
    manifest.get(0).path("Layers").forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<ImageArchive.ConfigEntry> history(JsonNode config) {
    List<ImageArchive.ConfigEntry> out = new ArrayList<>();
    for (JsonNode h : config.path("history")) {
      out.add(
          new ImageArchive.ConfigEntry(
              h.path("created_by").asText(""), h.path("empty_layer").asBoolean(false)));
    }
    return out;
  }

  private static List<String> diffIds(JsonNode config) {
    List<String> out = new ArrayList<>();
    config.path("rootfs").path("diff_ids").forEach(n -> out.add(n.asText()));
    return out;
  }
}
