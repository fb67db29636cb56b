package dev.dmsb.build;

import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.BuildOutput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * docker buildx's spelling of outputs ({@code -o}) and cache options ({@code --cache-from}, {@code
 * --cache-to}), read into dmsb's values for the CLI and the Java API alike. A malformed value is an
 * {@link IllegalArgumentException} whose message says what is wrong, for the caller to prefix.
 */
public final class BuildxSyntax {
  private BuildxSyntax() {}

  /**
   * {@code type=local,dest=DIR}, {@code type=tar,dest=FILE}, {@code type=oci|docker,dest=FILE},
   * {@code type=oci|docker,dest=DIR,tar=false} (an OCI layout folder), {@code
   * type=image,name=REF[,push=true]}, {@code type=registry,name=REF}, or a bare {@code DIR}.
   */
  public static BuildOutput output(String value) {
    if (!value.contains("=")) {
      if (value.isEmpty() || value.equals("-")) {
        throw new IllegalArgumentException("give a folder, or type=tar,dest=FILE");
      }
      return new BuildOutput("local", Path.of(value));
    }
    String type = null;
    String dest = null;
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String field : value.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("'" + field + "' is not KEY=VALUE");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = field.substring(eq + 1);
      switch (key) {
        case "type" -> type = v;
        case "dest" -> dest = v;
        default -> attrs.put(key, v);
      }
    }
    if (type == null) {
      type = "local";
    }
    if (!BuildOutput.TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "dmsb writes type=local, tar, image, registry, oci or docker outputs, not " + type);
    }
    if ((type.equals("local") || type.equals("tar")) && !attrs.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown key '" + attrs.keySet().iterator().next() + "' (type, dest)");
    }
    boolean needsDest = type.equals("local") || type.equals("tar") || type.equals("oci");
    if (needsDest && (dest == null || dest.isEmpty() || dest.equals("-"))) {
      throw new IllegalArgumentException(
          "it needs dest=" + (type.equals("local") ? "DIR" : "FILE"));
    }
    if (attrs.containsKey("tar")) {
      String tar = attrs.get("tar");
      if (!type.equals("oci") && !type.equals("docker")) {
        throw new IllegalArgumentException("tar= is for type=oci or docker, not " + type);
      }
      if (!tar.equals("true") && !tar.equals("false")) {
        throw new IllegalArgumentException("tar is true or false, not " + tar);
      }
      if (tar.equals("false") && (dest == null || dest.isEmpty() || dest.equals("-"))) {
        throw new IllegalArgumentException("tar=false writes an OCI layout folder: give dest=DIR");
      }
    }
    if ((type.equals("image") || type.equals("registry")) && dest != null) {
      throw new IllegalArgumentException("an image goes to a registry by name=REF, not to dest");
    }
    return new BuildOutput(type, dest == null ? null : Path.of(dest), attrs);
  }

  /**
   * {@code type=registry,ref=REF[,mode=max]}, {@code type=inline} (to only), {@code
   * type=local,dest=DIR[,mode=min|max][,tag=T][,compression=…]} (to), {@code
   * type=local,src=DIR[,digest=sha256:…|tag=T]} (from), or a bare {@code REF}; {@code to}: whether
   * it is {@code --cache-to}.
   */
  public static BuildCache.Entry cache(String value, boolean to) {
    if (!value.contains("=")) {
      if (value.isBlank()) {
        throw new IllegalArgumentException("give type=registry,ref=REF");
      }
      return new BuildCache.Entry("registry", Map.of("ref", value));
    }
    String type = null;
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String field : value.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("'" + field + "' is not KEY=VALUE");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = field.substring(eq + 1);
      if (key.equals("type")) {
        type = v;
      } else {
        attrs.put(key, v);
      }
    }
    if (type == null) {
      throw new IllegalArgumentException("it needs type=registry, inline or local");
    }
    switch (type) {
      case "registry" -> {
        if (!attrs.containsKey("ref")) {
          throw new IllegalArgumentException("type=registry needs ref=REF");
        }
      }
      case "inline" -> {
        if (!to) {
          throw new IllegalArgumentException(
              "inline cache is read from an image: --cache-from type=registry,ref=IMAGE");
        }
      }
      case "local" -> local(attrs, to);
      default ->
          throw new IllegalArgumentException(
              "dmsb knows type=registry, inline and local, not " + type);
    }
    if (attrs.containsKey("mode")
        && !attrs.get("mode").equals("min")
        && !attrs.get("mode").equals("max")) {
      throw new IllegalArgumentException("mode is min or max");
    }
    return new BuildCache.Entry(type, attrs);
  }

  /** The keys BuildKit's local cache exporter and importer read. */
  private static final java.util.Set<String> LOCAL_TO =
      java.util.Set.of(
          "dest",
          "mode",
          "tag",
          "compression",
          "compression-level",
          "force-compression",
          "oci-mediatypes",
          "image-manifest",
          "ignore-error");

  private static final java.util.Set<String> LOCAL_FROM = java.util.Set.of("src", "digest", "tag");

  private static void local(Map<String, String> attrs, boolean to) {
    String key = to ? "dest" : "src";
    String other = to ? "src" : "dest";
    if (attrs.containsKey(other) && !attrs.containsKey(key)) {
      throw new IllegalArgumentException(
          "type=local "
              + (to ? "exports to dest=DIR" : "imports from src=DIR")
              + ", not "
              + other
              + "="
              + attrs.get(other));
    }
    String dir = attrs.get(key);
    if (dir == null || dir.isBlank()) {
      throw new IllegalArgumentException("type=local needs " + key + "=DIR");
    }
    java.util.Set<String> known = to ? LOCAL_TO : LOCAL_FROM;
    for (String k : attrs.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException(
            "unknown key '"
                + k
                + "' for "
                + (to ? "--cache-to" : "--cache-from")
                + " type=local ("
                + String.join(", ", new java.util.TreeSet<>(known))
                + ")");
      }
    }
    String digest = attrs.get("digest");
    if (digest != null && !digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "digest=" + digest + " is not a sha256:<64 hex digits> digest");
    }
    if (digest != null && attrs.containsKey("tag")) {
      throw new IllegalArgumentException("give digest= or tag=, not both");
    }
    if (attrs.containsKey("tag") && attrs.get("tag").isEmpty()) {
      throw new IllegalArgumentException("tag= is empty; leave it out for tag latest");
    }
    String compression = attrs.get("compression");
    if (compression != null
        && !java.util.Set.of("gzip", "estargz", "zstd", "uncompressed").contains(compression)) {
      throw new IllegalArgumentException(
          "compression is gzip, estargz, zstd or uncompressed, not " + compression);
    }
  }
}
