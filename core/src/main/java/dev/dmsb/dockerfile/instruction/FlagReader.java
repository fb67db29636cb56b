package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Flag;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an instruction's flags as BuildKit's {@code BFlags} does (known names, {@code =} for
 * string flags, booleans, duplicates only for repeatable flags) and hands out their values.
 */
final class FlagReader {
  enum Kind {
    STRING,
    BOOL,
    STRINGS
  }

  private final Map<String, List<Flag>> byName = new LinkedHashMap<>();

  FlagReader(InstructionNode node, Map<String, Kind> known, List<Problem> problems) {
    for (Flag f : node.flags()) {
      String name = f.name();
      Kind kind = known.get(name);
      if (kind == null) {
        String suggestion = Suggestion.closest(name, known.keySet());
        problems.add(
            new Problem(
                "flag.unknown",
                "unknown flag: --"
                    + name
                    + (suggestion == null ? "" : " (did you mean --" + suggestion + "?)"),
                f.range(),
                suggestion == null ? null : "--" + suggestion));
        continue;
      }
      List<Flag> list = byName.computeIfAbsent(name, k -> new ArrayList<>());
      if (!list.isEmpty() && kind != Kind.STRINGS) {
        problems.add(
            new Problem(
                "flag.duplicate",
                "duplicate flag specified: --" + name,
                f.range(),
                "remove one of the --" + name + " flags"));
        continue;
      }
      if (kind != Kind.BOOL && !f.hasValue()) {
        problems.add(
            new Problem(
                "flag.missing-value",
                "missing a value on flag: --" + name,
                f.range(),
                "write --" + name + "=<value> (the = is required)"));
        continue;
      }
      if (kind == Kind.BOOL && f.hasValue()) {
        String v = f.value().toLowerCase(Locale.ROOT);
        if (f.value().isEmpty()) {
          problems.add(
              new Problem("flag.missing-value", "missing a value on flag: --" + name, f.range()));
          continue;
        }
        if (!v.equals("true") && !v.equals("false")) {
          problems.add(
              new Problem(
                  "flag.not-boolean",
                  "expecting boolean value for flag " + name + ", not: " + f.value(),
                  f.range()));
          continue;
        }
      }
      list.add(f);
    }
  }

  Text string(String name) {
    List<Flag> l = byName.get(name);
    if (l == null || l.isEmpty()) {
      return null;
    }
    Flag f = l.get(0);
    return new Text(f.value(), f.valueRange());
  }

  boolean bool(String name) {
    List<Flag> l = byName.get(name);
    return l != null
        && !l.isEmpty()
        && (!l.get(0).hasValue() || l.get(0).value().equalsIgnoreCase("true"));
  }

  List<Text> strings(String name) {
    List<Text> out = new ArrayList<>();
    for (Flag f : byName.getOrDefault(name, List.of())) {
      out.add(new Text(f.value(), f.valueRange()));
    }
    return out;
  }

  List<Flag> flags(String name) {
    return byName.getOrDefault(name, List.of());
  }
}
