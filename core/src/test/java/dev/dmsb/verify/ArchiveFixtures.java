package dev.dmsb.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes archives in the {@code docker save} layout of Docker 20.10: entries in name order (layer
 * folders named by hash, not in layer order), then {@code manifest.json} last.
 */
final class ArchiveFixtures {
  private ArchiveFixtures() {}

  /** A layer: path → content; a path ending in / is a directory; ".wh." names are whiteouts. */
  static byte[] layer(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
        byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getKey().endsWith("/") ? 0 : content.length);
        tar.putArchiveEntry(e);
        if (!f.getKey().endsWith("/")) {
          tar.write(content);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * An archive of {@code config} (its JSON text) and {@code layers} in RootFS order; layer folders
   * are named so that name order differs from layer order.
   */
  static byte[] archive(String imageIdHex, String config, List<byte[]> layers) throws IOException {
    TreeMap<String, byte[]> entries = new TreeMap<>();
    List<String> layerPaths = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      // reverse-sorted folder names: docker save's order is by name, not by layer
      String folder = String.format("%064x", (long) (layers.size() - i));
      layerPaths.add(folder + "/layer.tar");
      entries.put(folder + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
      entries.put(folder + "/json", "{}".getBytes(StandardCharsets.UTF_8));
      entries.put(folder + "/layer.tar", layers.get(i));
    }
    entries.put(imageIdHex + ".json", config.getBytes(StandardCharsets.UTF_8));
    String manifest =
        new ObjectMapper()
            .writeValueAsString(
                List.of(
                    Map.of(
                        "Config",
                        imageIdHex + ".json",
                        "RepoTags",
                        List.of(),
                        "Layers",
                        layerPaths)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        put(tar, e.getKey(), e.getValue());
      }
      put(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      put(tar, "repositories", "{}".getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /** The recorded config of a sample, as text. */
  static String config(String path) {
    JsonNode node = Samples.json(path);
    return node.toString();
  }
}
