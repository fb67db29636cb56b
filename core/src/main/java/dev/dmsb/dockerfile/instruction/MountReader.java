package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Flag;
import dev.dmsb.dockerfile.syntax.LineIndex;
import dev.dmsb.dockerfile.syntax.Problem;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a {@code --mount} value as BuildKit's {@code parseMount} does. */
final class MountReader {
  private MountReader() {}

  static Mount read(Flag flag, String source, LineIndex lines, List<Problem> problems) {
    String v = flag.value();
    Map<String, String> options = new LinkedHashMap<>();
    Text from = null;
    int i = 0;
    while (i <= v.length()) {
      int start = i;
      boolean quoted = false;
      StringBuilder field = new StringBuilder();
      while (i < v.length() && (quoted || v.charAt(i) != ',')) {
        char c = v.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else {
          field.append(c);
        }
        i++;
      }
      int end = i;
      i++;
      String f = field.toString().trim();
      if (f.isEmpty()) {
        continue;
      }
      int eq = f.indexOf('=');
      String key = canonical((eq < 0 ? f : f.substring(0, eq)).trim().toLowerCase(Locale.ROOT));
      String value = eq < 0 ? "" : f.substring(eq + 1);
      options.put(key, value);
      if (key.equals("from")) {
        // 'from' without '=' has an empty value at the field's end; an '=' after the field
        // belongs to the next option and must not start this value's range.
        int rawEq = v.indexOf('=', start);
        int valueStart = rawEq < 0 || rawEq >= end ? end : rawEq + 1;
        from = new Text(value, sub(flag, source, lines, valueStart, end));
        int dollar = value.indexOf('$');
        if (dollar >= 0 && dollar < value.length() - 1) {
          problems.add(
              new Problem(
                  "mount.from-variable",
                  "'from' doesn't support variable expansion, define alias stage instead",
                  from.range(),
                  "declare a global ARG, add a stage 'FROM ${ARG} AS alias' and mount from=alias"));
        }
      }
    }
    String type = options.getOrDefault("type", "bind").toLowerCase(Locale.ROOT);
    if (type.equals("secret") && from != null) {
      problems.add(
          new Problem("mount.secret-from", "secret mount should not have a from", from.range()));
    }
    return new Mount(
        type, from, options.get("source"), options.get("target"), options, flag.range());
  }

  private static String canonical(String key) {
    return switch (key) {
      case "src" -> "source";
      case "dst", "destination" -> "target";
      case "ro" -> "readonly";
      case "rw" -> "readwrite";
      default -> key;
    };
  }

  /**
   * The range of {@code value[from, to)} inside the flag's written value; the whole value range
   * when the written text differs from the value (quotes, escapes, a continuation).
   */
  static SourceRange sub(Flag flag, String source, LineIndex lines, int from, int to) {
    SourceRange vr = flag.valueRange();
    if (vr == null) {
      return flag.range();
    }
    if (!vr.textIn(source).equals(flag.value())) {
      return vr;
    }
    int base = vr.start().offset();
    return lines.range(base + from, base + Math.min(to, flag.value().length()));
  }
}
