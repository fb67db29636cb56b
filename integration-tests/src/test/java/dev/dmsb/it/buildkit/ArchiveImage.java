package dev.dmsb.it.buildkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image in an archive, as buildctl's {@code type=oci} and {@code type=docker} exporters (and
 * {@code docker save}) write them, read by the tests themselves: the config, the layers and the
 * {@link LayerTree file tree}. The archive is read into memory (test images are small).
 */
public final class ArchiveImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, byte[]> entries;
  private final JsonNode config;
  private final List<String> layers;

  private ArchiveImage(Map<String, byte[]> entries, JsonNode config, List<String> layers) {
    this.entries = entries;
    this.config = config;
    this.layers = layers;
  }

  /**
   * An OCI image layout in a tarball ({@code index.json}, {@code blobs/sha256/…}); an index is
   * resolved to its linux/amd64 image.
   */
  public static ArchiveImage oci(Path tarball) throws IOException {
    Map<String, byte[]> entries = read(tarball);
    JsonNode descriptor = JSON.readTree(entry(entries, "index.json")).get("manifests").get(0);
    JsonNode manifest = JSON.readTree(blob(entries, descriptor.get("digest").asText()));
    while (manifest.has("manifests")) {
      JsonNode chosen = null;
      for (JsonNode m : manifest.get("manifests")) {
        JsonNode p = m.path("platform");
        if (p.path("os").asText().equals("linux")
            && p.path("architecture").asText().equals("amd64")) {
          chosen = m;
          break;
        }
      }
      if (chosen == null) {
        throw new IOException(tarball + ": an index without a linux/amd64 image");
      }
      manifest = JSON.readTree(blob(entries, chosen.get("digest").asText()));
    }
    JsonNode config = JSON.readTree(blob(entries, manifest.get("config").get("digest").asText()));
    List<String> layers = new ArrayList<>();
    for (JsonNode l : manifest.get("layers")) {
      layers.add(blobName(l.get("digest").asText()));
    }
    return new ArchiveImage(entries, config, layers);
  }

  /** A docker archive ({@code manifest.json} naming the config and the layers), its first image. */
  public static ArchiveImage docker(Path tarball) throws IOException {
    Map<String, byte[]> entries = read(tarball);
    JsonNode image = JSON.readTree(entry(entries, "manifest.json")).get(0);
    JsonNode config = JSON.readTree(entry(entries, image.get("Config").asText()));
    List<String> layers = new ArrayList<>();
    image.get("Layers").forEach(l -> layers.add(l.asText()));
    return new ArchiveImage(entries, config, layers);
  }

  /** The image's config. */
  public JsonNode config() {
    return config;
  }

  /** How many layers the image has. */
  public int layerCount() {
    return layers.size();
  }

  /** The file tree the layers make ({@link LayerTree}). */
  public Map<String, String> tree() throws IOException {
    List<LayerTree.Layer> sources = new ArrayList<>();
    for (String name : layers) {
      byte[] bytes = entry(entries, name);
      sources.add(() -> new ByteArrayInputStream(bytes));
    }
    return LayerTree.of(sources);
  }

  private static String blobName(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  private static byte[] blob(Map<String, byte[]> entries, String digest) throws IOException {
    return entry(entries, blobName(digest));
  }

  private static byte[] entry(Map<String, byte[]> entries, String name) throws IOException {
    byte[] b = entries.get(name);
    if (b == null) {
      throw new IOException("the archive has no " + name + " (it has " + entries.keySet() + ")");
    }
    return b;
  }

  private static Map<String, byte[]> read(Path tarball) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream in = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile()) {
          String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
          entries.put(name, tar.readAllBytes());
        }
      }
    }
    return entries;
  }
}
