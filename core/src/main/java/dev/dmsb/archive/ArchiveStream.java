package dev.dmsb.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageSource.LayerReader;
import dev.dmsb.image.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image archive in one pass without writing it anywhere: {@code docker save}'s classic
 * layout (Docker 20.10 to 24), the OCI layout with {@code manifest.json} of Docker 25+ and of the
 * containerd image store (layer blobs as stored: tar, gzip or zstd), and a plain OCI layout tar
 * ({@code oci-archive}). Layers are handed to the reader as they pass, so memory grows with what
 * the reader keeps, not with the image's bytes.
 *
 * <p>Entries come in name order (a directory walk), so the layers (named by hash) pass before
 * {@code index.json} and {@code manifest.json} say which blob is which. Every blob that is not JSON
 * is therefore read as a layer candidate, by name, and the manifest puts them in order at the end.
 * A layer the image holds twice is stored once (classic: a symlink to the first copy; OCI: one
 * blob); an empty layer may be a tar of zero blocks without any header, or no bytes at all.
 */
public final class ArchiveStream {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
  private static final int SNIFF = 512;

  private ArchiveStream() {}

  /** Reads the config and hands every layer of the archive's only image to {@code reader}. */
  public static <T> ImageContent<T> read(InputStream archive, LayerReader<T> reader)
      throws IOException {
    return scan(archive, "", reader, "the image archive").content();
  }

  /** Reads only the config of the archive's only image (layer contents are skipped). */
  public static ImageConfig readConfig(InputStream archive) throws IOException {
    return new Pass<Object>("", null, "the image archive", true).run(archive).content().config();
  }

  /**
   * Reads the image {@code image} (a tag or ref name; empty: the only one) and, with a reader, its
   * layers; without one, layer contents are skipped and reading stops at the first config when the
   * archive's only image is wanted.
   *
   * @param where the archive, for messages
   */
  public static <T> ArchiveScan<T> scan(
      InputStream archive, String image, LayerReader<T> reader, String where) throws IOException {
    return scan(archive, image, reader, where, Platform.host());
  }

  /** {@link #scan(InputStream, String, LayerReader, String)} picking {@code platform}. */
  public static <T> ArchiveScan<T> scan(
      InputStream archive, String image, LayerReader<T> reader, String where, Platform platform)
      throws IOException {
    Pass<T> pass = new Pass<T>(image, reader, where, false);
    pass.platform = platform;
    return pass.run(archive);
  }

  /** The bytes of one pass. */
  private static final class Pass<T> {
    private final String image;
    private final LayerReader<T> reader;
    private final String where;
    private final boolean stopAtFirstConfig;
    private Platform platform = Platform.host();
    private final Map<String, String> links = new HashMap<>();
    private final Map<String, JsonNode> json = new HashMap<>();
    private final Map<String, Object> layers = new HashMap<>(); // T, or the IOException it threw
    private final Map<String, Long> sizes = new HashMap<>();
    private JsonNode manifestJson;
    private JsonNode indexJson;
    private JsonNode firstConfig;

    Pass(String image, LayerReader<T> reader, String where, boolean stopAtFirstConfig) {
      this.stopAtFirstConfig = stopAtFirstConfig;
      this.image = image;
      this.reader = reader;
      this.where = where;
    }

    ArchiveScan<T> run(InputStream archive) throws IOException {
      TarArchiveInputStream tar = new TarArchiveInputStream(archive);
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = clean(entry.getName());
        if (entry.isSymbolicLink()) {
          links.put(name, resolveRelative(name, entry.getLinkName()));
        } else if (entry.isLink()) {
          links.put(name, clean(entry.getLinkName()));
        } else if (entry.isFile() && !entry.isDirectory()) {
          sizes.put(name, entry.getSize());
          file(name, tar);
          if (stopAtFirstConfig && firstConfig != null) {
            break; // the only image's config: nothing more is needed
          }
        }
      }
      return resolve();
    }

    private void file(String name, InputStream tar) throws IOException {
      switch (name) {
        case "manifest.json" -> manifestJson = JSON.readTree(tar);
        case "index.json" -> indexJson = JSON.readTree(tar);
        case "oci-layout", "repositories" -> {}
        default -> {
          if (name.endsWith("/VERSION") || name.endsWith("/json")) {
            return; // the classic layout's v1 metadata
          }
          BufferedInputStream in = new BufferedInputStream(tar, 64 * 1024);
          in.mark(SNIFF);
          byte[] head = in.readNBytes(SNIFF);
          in.reset();
          if (looksLikeJson(head)) {
            JsonNode node = JSON.readTree(in);
            if (isConfig(node)) {
              json.put(name, node);
              firstConfig = firstConfig == null ? node : firstConfig;
            } else if (node.has("layers") || node.has("manifests")) {
              json.put(name, node);
            }
          } else if (reader != null) {
            layers.put(name, layer(in));
            in.transferTo(OutputStream.nullOutputStream()); // padding, or what a reader left
          }
        }
      }
    }

    private Object layer(InputStream blob) {
      try {
        return reader.read(LayerStreams.uncompressed(blob));
      } catch (IOException e) {
        return e; // maybe not a layer at all: an error only if the manifest names it
      }
    }

    private ArchiveScan<T> resolve() throws IOException {
      if (stopAtFirstConfig && firstConfig != null) {
        return new ArchiveScan<>(
            "", firstConfig, new ImageContent<>(ConfigJson.of(firstConfig), List.of()), List.of());
      }
      String configPath;
      List<String> layerPaths = new ArrayList<>();
      if (manifestJson != null) {
        JsonNode entry = dockerManifestEntry();
        configPath = entry.path("Config").asText();
        entry.path("Layers").forEach(n -> layerPaths.add(n.asText()));
      } else if (indexJson != null) {
        JsonNode top = OciIndex.byName(indexJson, image, where);
        JsonNode manifest =
            OciIndex.manifest(
                blobJson(top.path("digest").asText()), this::blobJson, where, platform);
        configPath = blobPath(manifest.path("config").path("digest").asText());
        manifest.path("layers").forEach(d -> layerPaths.add(blobPath(d.path("digest").asText())));
      } else if (firstConfig == null) {
        throw new IOException(where + " holds no image config");
      } else {
        throw new IOException(where + " holds neither manifest.json nor index.json");
      }
      JsonNode config = json.get(follow(configPath));
      if (config == null) {
        throw new IOException(where + " holds no image config (" + configPath + ")");
      }
      List<T> ordered = new ArrayList<>();
      List<Long> stored = new ArrayList<>();
      for (String path : layerPaths) {
        String real = follow(path);
        stored.add(sizes.getOrDefault(real, 0L));
        if (reader == null) {
          continue;
        }
        if (!layers.containsKey(real)) {
          throw new IOException(
              where
                  + " lacks layer "
                  + path
                  + (indexJson != null && manifestJson != null
                      ? " (the containerd image store saves an image without the blobs it does"
                          + " not hold; pull the image again before saving it)"
                      : ""));
        }
        Object answer = layers.get(real);
        if (answer instanceof IOException e) {
          throw new IOException(
              "layer " + path + " of " + where + " is unreadable: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        T t = (T) answer;
        ordered.add(t);
      }
      return new ArchiveScan<>(
          digestOf(follow(configPath)),
          config,
          new ImageContent<>(ConfigJson.of(config), ordered),
          stored);
    }

    private JsonNode dockerManifestEntry() throws IOException {
      if (!manifestJson.isArray() || manifestJson.isEmpty()) {
        throw new IOException("manifest.json of " + where + " is empty");
      }
      List<String> tags = new ArrayList<>();
      for (JsonNode e : manifestJson) {
        List<String> repoTags = new ArrayList<>();
        e.path("RepoTags").forEach(t -> repoTags.add(t.asText()));
        if (!image.isEmpty() && repoTags.stream().anyMatch(t -> sameTag(t, image))) {
          return e;
        }
        tags.addAll(repoTags.isEmpty() ? List.of(e.path("Config").asText()) : repoTags);
      }
      if (image.isEmpty() && manifestJson.size() == 1) {
        return manifestJson.get(0);
      }
      throw new IOException(
          image.isEmpty()
              ? where
                  + " holds "
                  + manifestJson.size()
                  + " images ("
                  + String.join(", ", tags)
                  + "); name one after a colon"
              : where
                  + " holds no image tagged "
                  + image
                  + " (it holds "
                  + String.join(", ", tags)
                  + ")");
    }

    private JsonNode blobJson(String digest) throws IOException {
      JsonNode node = json.get(follow(blobPath(digest)));
      if (node == null) {
        throw new IOException(where + " lacks blob " + digest);
      }
      return node;
    }

    private String follow(String path) {
      if (path == null) {
        return null;
      }
      String p = clean(path);
      for (int i = 0; i < 16 && links.containsKey(p); i++) {
        p = links.get(p);
      }
      return p;
    }
  }

  /** {@code blobs/sha256/<hex>} or {@code <hex>.json} → {@code sha256:<hex>}. */
  static String digestOf(String configPath) {
    if (configPath.startsWith("blobs/")) {
      String[] parts = configPath.split("/");
      return parts.length == 3 ? parts[1] + ":" + parts[2] : configPath;
    }
    return "sha256:"
        + (configPath.endsWith(".json")
            ? configPath.substring(0, configPath.length() - 5)
            : configPath);
  }

  /** {@code sha256:<hex>} → {@code blobs/sha256/<hex>}. */
  static String blobPath(String digest) {
    int colon = digest.indexOf(':');
    return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
  }

  /** Whether {@code a} and {@code b} name the same tag ({@code app} = {@code app:latest}, ...). */
  static boolean sameTag(String a, String b) {
    return normalTag(a).equals(normalTag(b));
  }

  private static String normalTag(String tag) {
    String t = tag;
    for (String prefix : List.of("docker.io/library/", "docker.io/", "index.docker.io/library/")) {
      if (t.startsWith(prefix)) {
        t = t.substring(prefix.length());
        break;
      }
    }
    int slash = t.lastIndexOf('/');
    return t.indexOf(':', slash + 1) < 0 && !t.contains("@") ? t + ":latest" : t;
  }

  private static boolean isConfig(JsonNode node) {
    return node.has("rootfs") && node.has("history");
  }

  private static String clean(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    return n;
  }

  /** A symlink's target, relative to the folder of {@code name}, as a path from the root. */
  static String resolveRelative(String name, String target) {
    if (target.startsWith("/")) {
      return clean(target);
    }
    List<String> parts = new ArrayList<>(List.of(name.split("/")));
    parts.remove(parts.size() - 1);
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  private static boolean looksLikeJson(byte[] head) {
    for (byte b : head) {
      if (!Character.isWhitespace(b)) {
        return b == '{' || b == '[';
      }
    }
    return false;
  }
}
