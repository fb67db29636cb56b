package dev.dmsb.cli;

import dev.dmsb.engine.SecretSource;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --secret id=ID[,src=PATH|,env=VAR]} as {@code docker build} (buildx) reads it: {@code src}
 * (or {@code source}) names a file, {@code env} a variable, {@code type=file|env} says which when
 * only one is meant; with neither, the variable named ID if it is set, else the file named ID.
 */
final class SecretOption {
  private SecretOption() {}

  static SecretSource parse(String value) {
    String id = null;
    String src = null;
    String env = null;
    String type = null;
    for (String field : value.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw bad(value, "'" + field + "' is not KEY=VALUE");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = field.substring(eq + 1);
      switch (key) {
        case "id" -> id = v;
        case "src", "source" -> src = v;
        case "env" -> env = v;
        case "type" -> type = v;
        default -> throw bad(value, "unknown key '" + key + "' (id, src, env, type)");
      }
    }
    if (id == null || id.isEmpty()) {
      throw bad(value, "it needs id=ID");
    }
    if (type != null && !type.equals("file") && !type.equals("env")) {
      throw bad(value, "type is file or env, not '" + type + "'");
    }
    if (src != null && env != null) {
      throw bad(value, "give src or env, not both");
    }
    if ("env".equals(type) || env != null) {
      return SecretSource.env(id, env != null ? env : (src != null ? src : id));
    }
    if (src != null || "file".equals(type)) {
      return SecretSource.file(id, Path.of(src != null ? src : id));
    }
    return System.getenv(id) != null
        ? SecretSource.env(id, id)
        : SecretSource.file(id, Path.of(id));
  }

  private static UserError bad(String value, String why) {
    return new UserError(
        ExitCode.USAGE,
        "--secret " + value + ": " + why + "; e.g. --secret id=token,src=token.txt");
  }
}
