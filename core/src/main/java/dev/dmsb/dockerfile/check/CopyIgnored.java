package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.instruction.Instruction;
import java.util.List;
import java.util.Set;

/** CopyIgnoredFile: a COPY or ADD source that the context's {@code .dockerignore} leaves out. */
final class CopyIgnored {
  private CopyIgnored() {}

  static void check(
      ContextIgnore ignore, Findings f, Stage s, Instruction i, String verb, String src) {
    if (src.startsWith("<<")) {
      return; // a here-document, not a context file
    }
    List<String> patterns = ignore.patterns();
    if (patterns.isEmpty() || patterns.stream().anyMatch(p -> p.strip().startsWith("!"))) {
      return;
    }
    String clean = CleanPath.of(src);
    boolean excluded;
    if (clean.equals(".") || clean.equals("/")) {
      // the context's root is out only under a pattern that leaves out every entry
      excluded =
          patterns.stream().map(String::strip).anyMatch(p -> Set.of("*", "**", "**/*").contains(p));
    } else {
      excluded = ignore.excludes(clean.startsWith("/") ? clean.substring(1) : clean);
    }
    if (excluded) {
      f.add(
          BuildKitRules.COPY_IGNORED_FILE,
          i.node().keyword().range(),
          "Attempting to " + verb + " file \"" + clean + "\" that is excluded by .dockerignore",
          s,
          "remove it from .dockerignore, or do not copy it");
    }
  }
}
