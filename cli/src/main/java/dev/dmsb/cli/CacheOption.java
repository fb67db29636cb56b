package dev.dmsb.cli;

import dev.dmsb.engine.BuildCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --cache-from} and {@code --cache-to} as docker buildx spells them: {@code
 * type=registry,ref=REF[,mode=max]}, {@code type=inline}, {@code type=local,src=DIR} (from) and
 * {@code type=local,dest=DIR} (to); a bare {@code REF} is a registry reference.
 */
final class CacheOption {
  private CacheOption() {}

  static BuildCache of(List<String> from, List<String> to) {
    return new BuildCache(
        from.stream().map(v -> parse(v, "--cache-from")).toList(),
        to.stream().map(v -> parse(v, "--cache-to")).toList());
  }

  static BuildCache.Entry parse(String value, String flag) {
    if (!value.contains("=")) {
      if (value.isBlank()) {
        throw bad(flag, value, "give type=registry,ref=REF");
      }
      return new BuildCache.Entry("registry", Map.of("ref", value));
    }
    String type = null;
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String field : value.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw bad(flag, value, "'" + field + "' is not KEY=VALUE");
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
      throw bad(flag, value, "it needs type=registry, inline or local");
    }
    boolean to = flag.equals("--cache-to");
    switch (type) {
      case "registry" -> {
        if (!attrs.containsKey("ref")) {
          throw bad(flag, value, "type=registry needs ref=REF");
        }
      }
      case "inline" -> {
        if (!to) {
          throw bad(
              flag,
              value,
              "inline cache is read from an image: --cache-from type=registry,ref=IMAGE");
        }
      }
      case "local" -> {
        String key = to ? "dest" : "src";
        if (!attrs.containsKey(key)) {
          throw bad(flag, value, "type=local needs " + key + "=DIR");
        }
        throw bad(
            flag,
            value,
            "type=local needs a content store served through the session, which dmsb does not"
                + " serve yet; use type=registry,ref=REF");
      }
      default -> throw bad(flag, value, "dmsb knows type=registry, inline and local, not " + type);
    }
    if (attrs.containsKey("mode")
        && !attrs.get("mode").equals("min")
        && !attrs.get("mode").equals("max")) {
      throw bad(flag, value, "mode is min or max");
    }
    return new BuildCache.Entry(type, attrs);
  }

  private static UserError bad(String flag, String value, String why) {
    return new UserError(
        ExitCode.USAGE,
        flag + " " + value + ": " + why + "; e.g. " + flag + " type=registry,ref=host/app:cache");
  }
}
