package dev.dmsb.dockerfile.check;

import java.util.List;

/**
 * The build context's {@code .dockerignore}, as CopyIgnoredFile needs it: the check package reads
 * no files, the caller (who knows the context) plugs it in.
 */
public interface ContextIgnore {
  /** No {@code .dockerignore}: nothing is excluded. */
  ContextIgnore NONE =
      new ContextIgnore() {
        @Override
        public List<String> patterns() {
          return List.of();
        }

        @Override
        public boolean excludes(String path) {
          return false;
        }
      };

  /** The patterns as written, {@code !exceptions} included, in order. */
  List<String> patterns();

  /** Whether {@code path} (relative to the context, clean, slash-separated) or a parent is out. */
  boolean excludes(String path);
}
