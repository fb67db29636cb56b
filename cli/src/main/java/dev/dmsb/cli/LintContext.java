package dev.dmsb.cli;

import dev.dmsb.build.ContextException;
import dev.dmsb.build.DockerIgnore;
import dev.dmsb.dockerfile.check.ContextIgnore;
import java.nio.file.Path;
import java.util.List;

/** The build context's {@code .dockerignore} as the linter reads it (for CopyIgnoredFile). */
final class LintContext {
  private LintContext() {}

  /** The rules that apply to {@code dockerfile} in {@code contextDir}; none when unreadable. */
  static ContextIgnore ignoreOf(Path contextDir, Path dockerfile) {
    DockerIgnore ignore;
    try {
      ignore = DockerIgnore.load(contextDir, dockerfile);
    } catch (ContextException e) {
      return ContextIgnore.NONE; // the build reports it; lint then checks without
    }
    List<String> patterns =
        ignore.rules().stream().map(r -> (r.exception() ? "!" : "") + r.pattern()).toList();
    return new ContextIgnore() {
      @Override
      public List<String> patterns() {
        return patterns;
      }

      @Override
      public boolean excludes(String path) {
        return ignore.excludes(path);
      }
    };
  }
}
