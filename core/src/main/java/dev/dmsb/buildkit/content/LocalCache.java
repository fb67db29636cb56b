package dev.dmsb.buildkit.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.BuildCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The client's part of {@code type=local} caches, as BuildKit's own client does it: each folder is
 * a content store on the session with the ID {@code local:} + the folder as given (the daemon
 * derives the same ID from the {@code dest} or {@code src} attribute); an import names its manifest
 * by {@code digest}, looked up in the folder's {@code index.json} by {@code tag} (default {@code
 * latest}) when not given, and is skipped with a warning when the folder holds no such cache; after
 * the build, the manifest the daemon reports ({@code cache.manifest}) is tagged in each exported
 * folder's {@code index.json}.
 */
public final class LocalCache {
  static final String PREFIX = "local:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalCache() {}

  /** The content stores a session serves for the local caches among {@code cache}. */
  public static Map<String, LayoutStore> stores(BuildCache cache) {
    Map<String, LayoutStore> stores = new LinkedHashMap<>();
    for (BuildCache.Entry e : cache.exports()) {
      if (e.type().equals("local") && e.attrs().get("dest") != null) {
        stores.put(PREFIX + e.attrs().get("dest"), new LayoutStore(Path.of(e.attrs().get("dest"))));
      }
    }
    for (BuildCache.Entry e : cache.imports()) {
      if (e.type().equals("local") && e.attrs().get("src") != null) {
        stores.put(PREFIX + e.attrs().get("src"), new LayoutStore(Path.of(e.attrs().get("src"))));
      }
    }
    return stores;
  }

  /**
   * {@code cache} as the daemon is to get it: export folders made, each local import with its
   * manifest's {@code digest}, or left out (with a warning to {@code warnings}) when its folder
   * holds no cache for the tag.
   *
   * @throws IOException when an export folder cannot be made
   */
  public static BuildCache prepare(BuildCache cache, Consumer<String> warnings) throws IOException {
    for (BuildCache.Entry e : cache.exports()) {
      if (e.type().equals("local")) {
        Files.createDirectories(Path.of(e.attrs().get("dest")));
      }
    }
    List<BuildCache.Entry> imports = new ArrayList<>();
    for (BuildCache.Entry e : cache.imports()) {
      if (!e.type().equals("local")) {
        imports.add(e);
        continue;
      }
      resolve(e, warnings).ifPresent(imports::add);
    }
    return new BuildCache(imports, cache.exports());
  }

  private static Optional<BuildCache.Entry> resolve(BuildCache.Entry e, Consumer<String> warnings) {
    String src = e.attrs().get("src");
    Path dir = Path.of(src);
    String skipped = "local cache import at " + src + " skipped: ";
    if (!Files.isDirectory(dir)) {
      warnings.accept(skipped + "no such folder");
      return Optional.empty();
    }
    Map<String, String> attrs = new LinkedHashMap<>(e.attrs());
    String digest = attrs.get("digest");
    if (digest == null || digest.isEmpty()) {
      String tag = attrs.getOrDefault("tag", "latest");
      Optional<JsonNode> manifest;
      try {
        manifest = new LayoutIndex(dir).get(tag);
      } catch (IOException x) {
        warnings.accept(skipped + x.getMessage());
        return Optional.empty();
      }
      if (manifest.isEmpty()) {
        warnings.accept(skipped + "no digest found for tag " + tag + " in its index.json");
        return Optional.empty();
      }
      digest = manifest.get().path("digest").asText("");
      attrs.put("digest", digest);
    }
    try {
      if (new LayoutStore(dir).info(digest).isEmpty()) {
        warnings.accept(skipped + "digest " + digest + " is not among its blobs");
        return Optional.empty();
      }
    } catch (IllegalArgumentException | IOException x) {
      warnings.accept(skipped + x.getMessage());
      return Optional.empty();
    }
    return Optional.of(new BuildCache.Entry("local", attrs));
  }

  /**
   * Tags the cache manifest the daemon reported ({@code cache.manifest} in the Solve response) in
   * the {@code index.json} of every local export folder; nothing when it reported none.
   *
   * @return the folders updated
   * @throws IOException when an index cannot be written, or the report is not a descriptor
   */
  public static List<Path> record(BuildCache cache, Map<String, String> exporterResponse)
      throws IOException {
    String manifest = exporterResponse.get("cache.manifest");
    if (manifest == null || manifest.isEmpty()) {
      return List.of();
    }
    JsonNode descriptor;
    try {
      descriptor = JSON.readTree(manifest);
    } catch (IOException e) {
      throw new IOException("the daemon's cache.manifest is not JSON: " + manifest, e);
    }
    List<Path> updated = new ArrayList<>();
    for (BuildCache.Entry e : cache.exports()) {
      if (e.type().equals("local")) {
        Path dir = Path.of(e.attrs().get("dest"));
        new LayoutIndex(dir).put(descriptor, e.attrs().getOrDefault("tag", "latest"));
        updated.add(dir);
      }
    }
    return updated;
  }
}
