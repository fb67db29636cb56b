package dev.dmsb.cli;

import dev.dmsb.engine.BuildOutput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code -o/--output} as docker buildx reads it: {@code type=local,dest=DIR}, {@code
 * type=tar,dest=FILE}, {@code type=oci|docker,dest=FILE}, {@code type=image,name=REF[,push=true]},
 * {@code type=registry,name=REF}, or a bare {@code DIR} (local); and {@code --push} and {@code
 * --load}, its shorthands for {@code type=image,push=true} and {@code type=docker}.
 */
final class OutputOption {
  private OutputOption() {}

  static BuildOutput parse(String value) {
    if (!value.contains("=")) {
      if (value.isEmpty() || value.equals("-")) {
        throw bad(value, "give a folder, or type=tar,dest=FILE");
      }
      return new BuildOutput("local", Path.of(value));
    }
    String type = null;
    String dest = null;
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String field : value.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw bad(value, "'" + field + "' is not KEY=VALUE");
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
      throw bad(
          value,
          "dmsb writes type=local, tar, image, registry, oci or docker outputs, not " + type);
    }
    if ((type.equals("local") || type.equals("tar")) && !attrs.isEmpty()) {
      throw bad(value, "unknown key '" + attrs.keySet().iterator().next() + "' (type, dest)");
    }
    boolean needsDest = type.equals("local") || type.equals("tar") || type.equals("oci");
    if (needsDest && (dest == null || dest.isEmpty() || dest.equals("-"))) {
      throw bad(value, "it needs dest=" + (type.equals("local") ? "DIR" : "FILE"));
    }
    if ((type.equals("image") || type.equals("registry")) && dest != null) {
      throw bad(value, "an image goes to a registry by name=REF, not to dest");
    }
    return new BuildOutput(type, dest == null ? null : Path.of(dest), attrs);
  }

  /**
   * The one output of a build: {@code -o}, or {@code --push} ({@code type=image,push=true}, named
   * by the tags), or {@code --load} ({@code type=docker}, into the Docker engine); null for none.
   */
  static BuildOutput of(String output, boolean push, boolean load, List<String> tags) {
    int given = (output != null ? 1 : 0) + (push ? 1 : 0) + (load ? 1 : 0);
    if (given > 1) {
      throw new UserError(
          ExitCode.USAGE,
          "-o, --push and --load each name the build's output; give one"
              + " (e.g. -o type=image,name=REF,push=true)");
    }
    if (push) {
      if (tags.isEmpty()) {
        throw new UserError(ExitCode.USAGE, "--push needs -t NAME[:TAG] to name the image");
      }
      return new BuildOutput("image", null, Map.of("push", "true"));
    }
    if (load) {
      return new BuildOutput("docker", null, Map.of());
    }
    return output == null ? null : parse(output);
  }

  private static UserError bad(String value, String why) {
    return new UserError(
        ExitCode.USAGE, "--output " + value + ": " + why + "; e.g. -o type=local,dest=out");
  }
}
