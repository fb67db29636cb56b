package dev.dmsb.buildkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the engine asked for in one file-sync request: its {@code include-patterns} and {@code
 * followpaths} (the Dockerfile, the {@code .dockerignore}, the sources of COPY/ADD). As in fsutil's
 * walker, a path matches a pattern component by component: all of the pattern's components matched
 * is a match (and everything below), fewer path components than the pattern's is a parent that is
 * walked for what is inside. A follow path that passes through a symbolic link also names the
 * link's target.
 */
final class IncludePatterns {

  /** How a path relates to the patterns. */
  enum Match {
    /** Matched, with everything below. */
    ALL,
    /** A folder on the way to a pattern. */
    PARENT,
    /** Not asked for. */
    NONE
  }

  private static final IncludePatterns EVERYTHING = new IncludePatterns(null);

  private final List<Pattern[]> patterns;

  private IncludePatterns(List<Pattern[]> patterns) {
    this.patterns = patterns;
  }

  /** No restriction: the engine sent no patterns. */
  static IncludePatterns everything() {
    return EVERYTHING;
  }

  /**
   * The patterns of a request on the folder {@code root}; {@link #everything()} when both lists are
   * empty.
   */
  static IncludePatterns of(Path root, List<String> includes, List<String> followPaths) {
    if (includes.isEmpty() && followPaths.isEmpty()) {
      return EVERYTHING;
    }
    Set<String> all = new LinkedHashSet<>();
    for (String p : includes) {
      all.add(clean(p));
    }
    for (String p : followPaths) {
      String c = clean(p);
      all.add(c);
      if (root != null) {
        all.addAll(linkTargets(root, c));
      }
    }
    List<Pattern[]> compiled = new ArrayList<>();
    for (String p : all) {
      if (p.isEmpty() || p.equals(".")) {
        return EVERYTHING;
      }
      String[] parts = p.split("/");
      Pattern[] c = new Pattern[parts.length];
      for (int i = 0; i < parts.length; i++) {
        c[i] = glob(parts[i]);
      }
      compiled.add(c);
    }
    return new IncludePatterns(compiled);
  }

  boolean isEverything() {
    return patterns == null;
  }

  /** How {@code path} (relative, {@code /}-separated) relates to the patterns. */
  Match match(String path) {
    if (patterns == null) {
      return Match.ALL;
    }
    String[] parts = path.split("/");
    boolean parent = false;
    for (Pattern[] p : patterns) {
      int n = Math.min(p.length, parts.length);
      boolean ok = true;
      for (int i = 0; i < n && ok; i++) {
        ok = p[i].matcher(parts[i]).matches();
      }
      if (!ok) {
        continue;
      }
      if (parts.length >= p.length) {
        return Match.ALL;
      }
      parent = true;
    }
    return parent ? Match.PARENT : Match.NONE;
  }

  private static String clean(String p) {
    String s = p.replace('\\', '/');
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    while (s.endsWith("/") && s.length() > 1) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * For a literal path through symbolic links inside {@code root}: the path with each link replaced
   * by its target (fsutil's {@code FollowLinks}), so the target is offered too.
   */
  private static List<String> linkTargets(Path root, String path) {
    List<String> out = new ArrayList<>();
    if (path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
      return out;
    }
    String current = path;
    for (int hops = 0; hops < 16; hops++) {
      String resolved = resolveFirstLink(root, current);
      if (resolved == null || resolved.equals(current)) {
        break;
      }
      out.add(resolved);
      current = resolved;
    }
    return out;
  }

  private static String resolveFirstLink(Path root, String path) {
    String[] parts = path.split("/");
    Path at = root;
    for (int i = 0; i < parts.length; i++) {
      at = at.resolve(parts[i]);
      if (Files.isSymbolicLink(at)) {
        try {
          Path target = Files.readSymbolicLink(at);
          Path abs =
              target.isAbsolute()
                  ? root.resolve(target.toString().substring(1))
                  : at.getParent().resolve(target);
          Path norm = abs.normalize();
          if (!norm.startsWith(root)) {
            return null;
          }
          Path rest = norm;
          for (int j = i + 1; j < parts.length; j++) {
            rest = rest.resolve(parts[j]);
          }
          return root.relativize(rest).toString().replace('\\', '/');
        } catch (IOException e) {
          return null;
        }
      }
      if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
    }
    return null;
  }

  /** One component of a Go {@code filepath.Match} pattern as a regular expression. */
  private static Pattern glob(String part) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int end = part.indexOf(']', i + 2);
          if (end < 0) {
            re.append("\\[");
          } else {
            String body = part.substring(i + 1, end);
            if (body.startsWith("^")) {
              body = "^" + body.substring(1).replace("\\", "\\\\");
            } else {
              body = body.replace("\\", "\\\\");
            }
            re.append('[').append(body).append(']');
            i = end;
          }
        }
        case '\\' -> {
          if (i + 1 < part.length()) {
            re.append(Pattern.quote(String.valueOf(part.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
