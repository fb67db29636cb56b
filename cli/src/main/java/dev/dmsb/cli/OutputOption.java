package dev.dmsb.cli;

import dev.dmsb.engine.BuildOutput;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code -o/--output} as {@code docker build} reads it: {@code type=local,dest=DIR}, {@code
 * type=tar,dest=FILE}, or a bare {@code DIR} (local).
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
        default -> throw bad(value, "unknown key '" + key + "' (type, dest)");
      }
    }
    if (type == null) {
      type = "local";
    }
    if (!type.equals("local") && !type.equals("tar")) {
      throw bad(value, "dmsb writes type=local or type=tar outputs, not type=" + type);
    }
    if (dest == null || dest.isEmpty() || dest.equals("-")) {
      throw bad(value, "it needs dest=" + (type.equals("tar") ? "FILE" : "DIR"));
    }
    return new BuildOutput(type, Path.of(dest));
  }

  private static UserError bad(String value, String why) {
    return new UserError(
        ExitCode.USAGE, "--output " + value + ": " + why + "; e.g. -o type=local,dest=out");
  }
}
