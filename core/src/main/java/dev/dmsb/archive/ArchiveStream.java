package dev.dmsb.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageSource.LayerReader;
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
 * Reads a {@code docker save} stream in one pass without writing it anywhere. Layer tars are handed
 * to the reader as they pass, so memory grows with what the reader keeps, not with the image's
 * bytes.
 *
 * <p>Docker 20.10 writes the archive from a directory walk, so entries come in name order: the
 * layer folders ({@code <v1-id>/layer.tar}, named by a hash, not in layer order), the config
 * ({@code <image-id>.json}), then {@code manifest.json} last. Layer answers are therefore kept by
 * name and put in order from the manifest at the end. The OCI layout of newer engines ({@code
 * blobs/sha256/...}) is recognised by looking at each blob's first bytes.
 */
public final class ArchiveStream {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
  private static final int SNIFF = 512;

  private ArchiveStream() {}

  /** Reads the config and hands every layer to {@code reader}. */
  public static <T> ImageContent<T> read(InputStream archive, LayerReader<T> reader)
      throws IOException {
    return read(archive, reader, true);
  }

  /** Reads only the config (layer contents are skipped). */
  public static ImageConfig readConfig(InputStream archive) throws IOException {
    return read(archive, in -> null, false).config();
  }

  private static <T> ImageContent<T> read(
      InputStream archive, LayerReader<T> reader, boolean readFiles) throws IOException {
    Map<String, T> listings = new HashMap<>();
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
          listings.put(name, reader.read(in));
          // drain the padding so the outer stream is positioned at its next entry
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      if (!readFiles && config != null) {
        break;
      }
    }
    if (config == null) {
      throw new IOException("the image archive holds no image config");
    }
    List<T> ordered = new ArrayList<>();
    if (readFiles) {
      if (manifestLayers == null) {
        throw new IOException("the image archive holds no manifest.json");
      }
      for (String layer : manifestLayers) {
        if (!listings.containsKey(layer)) {
          throw new IOException("the image archive lacks layer " + layer);
        }
        ordered.add(listings.get(layer));
      }
    }
    return new ImageContent<>(ConfigJson.of(config), ordered);
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
}
