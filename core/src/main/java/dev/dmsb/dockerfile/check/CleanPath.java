package dev.dmsb.dockerfile.check;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code filepath.Clean} for slash-separated paths, as BuildKit cleans COPY sources. */
final class CleanPath {
  private CleanPath() {}

  static String of(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    Deque<String> out = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.addLast("..");
        }
        continue;
      }
      out.addLast(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }
}
