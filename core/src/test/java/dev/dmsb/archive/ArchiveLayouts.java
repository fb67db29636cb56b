package dev.dmsb.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one image as each engine's {@code docker save} (and skopeo) writes it, entries in name
 * order as a directory walk gives them. An image is a config's history and its layer tars in RootFS
 * order; a layer that appears twice is stored once, as the engines do.
 */
public final class ArchiveLayouts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How layer blobs are compressed. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD
  }

  private ArchiveLayouts() {}

  /** A layer tar of {@code files} (path → content; a path ending in / is a folder). */
  public static byte[] layer(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
        byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getKey().endsWith("/") ? 0 : content.length);
        e.setModTime(0); // the same files make the same layer digest
        tar.putArchiveEntry(e);
        if (!f.getKey().endsWith("/")) {
          tar.write(content);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** An empty layer as Go's archive/tar writes it: two zero blocks, no header at all. */
  public static byte[] emptyLayer() {
    return new byte[1024];
  }

  /** A config whose history has one layer-making entry per layer, then one empty-layer entry. */
  public static String config(List<byte[]> layers) {
    List<Object> history = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      history.add(Map.of("created_by", "RUN /bin/sh -c step" + i + " # buildkit"));
      diffIds.add(digest(layers.get(i)));
    }
    history.add(Map.of("created_by", "CMD [\"/app\"]", "empty_layer", true));
    return json(
        Map.of(
            "architecture",
            "amd64",
            "os",
            "linux",
            "config",
            Map.of("Labels", Map.of("stage", "final")),
            "rootfs",
            Map.of("type", "layers", "diff_ids", diffIds),
            "history",
            history));
  }

  /**
   * Docker 20.10's layout: {@code <v1-id>/layer.tar} folders, {@code <config>.json}, {@code
   * manifest.json}, {@code repositories}; a repeated layer is a symlink to its first copy.
   */
  public static byte[] classic(String tag, List<byte[]> layers) throws IOException {
    String config = config(layers);
    Tar tar = new Tar();
    List<String> paths = new ArrayList<>();
    Map<String, String> firstCopy = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      // v1 IDs hash the chain, so folder order is not layer order
      String folder = hex(digest(("v1" + i).getBytes(StandardCharsets.UTF_8)));
      paths.add(folder + "/layer.tar");
      tar.file(folder + "/VERSION", "1.0");
      tar.file(folder + "/json", "{\"id\":\"" + folder + "\"}");
      String diffId = digest(layers.get(i));
      if (firstCopy.containsKey(diffId)) {
        tar.symlink(folder + "/layer.tar", "../" + firstCopy.get(diffId));
      } else {
        firstCopy.put(diffId, folder + "/layer.tar");
        tar.file(folder + "/layer.tar", layers.get(i));
      }
    }
    tar.file(hex(digest(config)) + ".json", config);
    tar.file(
        "manifest.json",
        json(
            List.of(
                Map.of(
                    "Config",
                    hex(digest(config)) + ".json",
                    "RepoTags",
                    List.of(tag),
                    "Layers",
                    paths))));
    tar.file("repositories", "{}");
    return tar.bytes();
  }

  /**
   * The OCI layout with {@code manifest.json} that Docker 25+ writes ({@code compression} NONE:
   * blobs named by diff ID, legacy v1 configs beside them, {@code repositories}) and that the
   * containerd image store writes (GZIP or ZSTD: blobs as stored, {@code blobs/} folder entries, no
   * {@code repositories}).
   */
  public static byte[] dockerOci(String tag, List<byte[]> layers, Compression compression)
      throws IOException {
    return oci(tag, layers, compression, true);
  }

  /** An OCI layout tar as {@code skopeo copy oci-archive:} writes it: no {@code manifest.json}. */
  public static byte[] ociArchive(String refName, List<byte[]> layers, Compression compression)
      throws IOException {
    return oci(refName, layers, compression, false);
  }

  /** The files of an OCI layout folder (relative path → bytes). */
  public static Map<String, byte[]> ociLayout(
      String refName, List<byte[]> layers, Compression compression) throws IOException {
    Layout layout = layout(refName, layers, compression);
    return layout.files;
  }

  private static byte[] oci(
      String name, List<byte[]> layers, Compression compression, boolean dockerSave)
      throws IOException {
    Layout layout = layout(name, layers, compression);
    Tar tar = new Tar();
    if (compression != Compression.NONE) {
      tar.dir("blobs/");
      tar.dir("blobs/sha256/");
    }
    Map<String, byte[]> sorted = new TreeMap<>(layout.files);
    if (dockerSave) {
      sorted.put("manifest.json", json(List.of(layout.manifestEntry)).getBytes());
      if (compression == Compression.NONE) {
        sorted.put("blobs/sha256/" + "0".repeat(63) + "1", "{\"id\":\"legacy\"}".getBytes());
        sorted.put("repositories", "{}".getBytes());
      }
    }
    for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
      tar.file(e.getKey(), e.getValue());
    }
    return tar.bytes();
  }

  private record Layout(Map<String, byte[]> files, Map<String, Object> manifestEntry) {}

  private static Layout layout(String name, List<byte[]> layers, Compression compression)
      throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    String config = config(layers);
    files.put(blob(digest(config)), config.getBytes(StandardCharsets.UTF_8));
    List<Object> descriptors = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (byte[] layer : layers) {
      byte[] stored = compress(layer, compression);
      String digest = digest(stored);
      files.put(blob(digest), stored);
      paths.add(blob(digest));
      descriptors.add(
          Map.of(
              "mediaType",
              "application/vnd.oci.image.layer.v1.tar"
                  + switch (compression) {
                    case NONE -> "";
                    case GZIP -> "+gzip";
                    case ZSTD -> "+zstd";
                  },
              "digest",
              digest,
              "size",
              stored.length));
    }
    String manifest =
        json(
            Map.of(
                "schemaVersion",
                2,
                "mediaType",
                "application/vnd.oci.image.manifest.v1+json",
                "config",
                Map.of(
                    "mediaType",
                    "application/vnd.oci.image.config.v1+json",
                    "digest",
                    digest(config),
                    "size",
                    config.length()),
                "layers",
                descriptors));
    files.put(blob(digest(manifest)), manifest.getBytes(StandardCharsets.UTF_8));
    files.put(
        "index.json",
        json(Map.of(
                "schemaVersion",
                2,
                "manifests",
                List.of(
                    Map.of(
                        "mediaType",
                        "application/vnd.oci.image.manifest.v1+json",
                        "digest",
                        digest(manifest),
                        "size",
                        manifest.length(),
                        "annotations",
                        Map.of(
                            "io.containerd.image.name",
                            name,
                            "org.opencontainers.image.ref.name",
                            name)))))
            .getBytes(StandardCharsets.UTF_8));
    files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("Config", blob(digest(config)));
    entry.put("RepoTags", List.of(name));
    entry.put("Layers", paths);
    return new Layout(files, entry);
  }

  static byte[] compress(byte[] layer, Compression compression) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c =
        switch (compression) {
          case NONE -> out;
          case GZIP -> new GZIPOutputStream(out);
          case ZSTD -> new ZstdOutputStream(out);
        }) {
      c.write(layer);
    }
    return out.toByteArray();
  }

  private static String blob(String digest) {
    return "blobs/sha256/" + hex(digest);
  }

  /** {@code sha256:<hex>} of the bytes. */
  public static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String digest(String text) {
    return digest(text.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(String digest) {
    return digest.substring("sha256:".length());
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tar written entry by entry. */
  static final class Tar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    Tar() {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    void file(String name, String content) throws IOException {
      file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    void file(String name, byte[] content) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(content.length);
      tar.putArchiveEntry(e);
      tar.write(content);
      tar.closeArchiveEntry();
    }

    void dir(String name) throws IOException {
      tar.putArchiveEntry(new TarArchiveEntry(name));
      tar.closeArchiveEntry();
    }

    void symlink(String name, String target) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      e.setLinkName(target);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    }

    byte[] bytes() throws IOException {
      tar.close();
      return bytes.toByteArray();
    }
  }
}
