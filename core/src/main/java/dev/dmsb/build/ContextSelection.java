package dev.dmsb.build;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which paths of the context a build can use: everything, or only what the COPY/ADD source patterns
 * of the reachable stages can match (a match that is a folder brings all of it), plus the
 * Dockerfile and the ignore file. Sources are Go {@code filepath.Match} patterns relative to the
 * context.
 */
public final class ContextSelection {

  /** What to do with a path while walking. */
  enum Decision {
    /** Send it (and, for a folder, everything inside). */
    INCLUDE,
    /** A folder that may hold something to send: walk it, send its header only if needed. */
    DESCEND,
    /** Leave it out. */
    SKIP
  }

  private record Source(
      String pattern, List<GoGlob.Glob> components, int globstarAt, GoGlob.Glob whole) {}

  private static final ContextSelection EVERYTHING = new ContextSelection(null);

  private final List<Source> sources; // null = everything

  private ContextSelection(List<Source> sources) {
    this.sources = sources;
  }

  /** Send the whole context (after {@code .dockerignore}). */
  public static ContextSelection everything() {
    return EVERYTHING;
  }

  /**
   * Send only what these source patterns can match. A pattern that is {@code .} (or cleans to it)
   * selects everything.
   *
   * @throws ContextException for a source outside the context or a malformed pattern
   */
  public static ContextSelection only(Collection<String> sourcePatterns) throws ContextException {
    List<Source> list = new ArrayList<>();
    for (String raw : new LinkedHashSet<>(sourcePatterns)) {
      String p = normalize(raw);
      if (p.equals(".")) {
        return EVERYTHING;
      }
      list.add(source(p, raw));
    }
    return new ContextSelection(list);
  }

  /** Whether everything is sent. */
  public boolean isEverything() {
    return sources == null;
  }

  /** The normalized source patterns, or an empty list when everything is sent. */
  public List<String> patterns() {
    return sources == null ? List.of() : sources.stream().map(Source::pattern).toList();
  }

  /** This selection plus literal paths (the Dockerfile, the ignore file). */
  ContextSelection plusLiteral(Collection<String> paths) throws ContextException {
    if (sources == null) {
      return this;
    }
    List<Source> list = new ArrayList<>(sources);
    for (String path : paths) {
      list.add(source(escape(GoPath.clean(path)), path));
    }
    return new ContextSelection(list);
  }

  /**
   * Adds the targets of symlinks that the sources reach, since the engine follows a source that is
   * a link (and links on the way to it): {@code COPY current/app.jar} with {@code current -> v2}
   * needs {@code v2/app.jar} too. Only paths inside the context are added.
   */
  ContextSelection withSymlinkTargets(Path root) throws ContextException {
    if (sources == null) {
      return this;
    }
    Set<String> extra = new LinkedHashSet<>();
    for (Source s : sources) {
      expand(root, "", s.pattern().split("/"), 0, extra, 0);
    }
    extra.removeAll(patterns());
    if (extra.isEmpty()) {
      return this;
    }
    List<Source> list = new ArrayList<>(sources);
    for (String e : extra) {
      list.add(source(e, e));
    }
    return new ContextSelection(list);
  }

  /** Decides for a path (relative, cleaned, slash-separated). */
  Decision decide(String path, boolean directory) {
    if (sources == null) {
      return Decision.INCLUDE;
    }
    String[] parts = path.split("/");
    Decision best = Decision.SKIP;
    for (Source s : sources) {
      Decision d = decide(s, parts, directory);
      if (d == Decision.INCLUDE) {
        return d;
      }
      if (d == Decision.DESCEND) {
        best = d;
      }
    }
    return best;
  }

  private static Decision decide(Source s, String[] parts, boolean directory) {
    int n = s.components().size();
    int upTo = s.globstarAt() < 0 ? n : s.globstarAt();
    int common = Math.min(parts.length, upTo);
    for (int i = 0; i < common; i++) {
      if (!s.components().get(i).matches(parts[i])) {
        return Decision.SKIP;
      }
    }
    if (s.globstarAt() < 0) {
      if (parts.length >= n) {
        return Decision.INCLUDE;
      }
      return directory ? Decision.DESCEND : Decision.SKIP;
    }
    // A ** source: match the path or any of its parents against the whole pattern.
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      if (prefix.length() > 0) {
        prefix.append('/');
      }
      prefix.append(part);
      if (s.whole().matches(prefix.toString())) {
        return Decision.INCLUDE;
      }
    }
    return directory ? Decision.DESCEND : Decision.SKIP;
  }

  private void expand(Path root, String done, String[] comps, int i, Set<String> out, int depth)
      throws ContextException {
    if (depth > 40 || i > comps.length) {
      return;
    }
    Path here = done.isEmpty() ? root : root.resolve(done);
    if (!done.isEmpty() && Files.isSymbolicLink(here)) {
      String target = linkTarget(root, here, done);
      if (target != null) {
        String rest = String.join("/", java.util.Arrays.copyOfRange(comps, i, comps.length));
        String resolved = rest.isEmpty() ? target : target + "/" + rest;
        if (out.add(escape(target) + (rest.isEmpty() ? "" : "/" + rest))) {
          expand(root, "", resolved.split("/"), 0, out, depth + 1);
        }
      }
      return;
    }
    if (i == comps.length || !Files.isDirectory(here, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String comp = comps[i];
    if (comp.contains("**")) {
      return; // unbounded below: symlinks under ** are not chased
    }
    if (GoGlob.isLiteral(comp)) {
      expand(root, join(done, comp), comps, i + 1, out, depth);
      return;
    }
    GoGlob.Glob p;
    try {
      p = GoGlob.compile(comp);
    } catch (GoGlob.BadPatternException e) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(here)) {
      for (Path child : ds) {
        String name = child.getFileName().toString();
        if (p.matches(name)) {
          expand(root, join(done, name), comps, i + 1, out, depth);
        }
      }
    } catch (IOException e) {
      throw new ContextException(
          here + " can't be listed (" + e.getMessage() + "); fix its permissions", e);
    }
  }

  private static String linkTarget(Path root, Path link, String rel) {
    try {
      String t = Files.readSymbolicLink(link).toString();
      String resolved =
          t.startsWith("/") ? GoPath.clean(t) : GoPath.clean(GoPath.dir(rel) + "/" + t);
      // An absolute target is resolved inside the context, as the engine does on extraction.
      if (resolved.startsWith("/")) {
        resolved = GoPath.clean(resolved.substring(1));
      }
      if (resolved.equals(".") || resolved.startsWith("../") || resolved.equals("..")) {
        return null;
      }
      return resolved;
    } catch (IOException e) {
      return null;
    }
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "/" + b;
  }

  private static String normalize(String raw) throws ContextException {
    String p = GoPath.clean(raw.strip());
    if (p.startsWith("/")) {
      p = GoPath.clean(p.substring(1));
    }
    if (p.equals("..") || p.startsWith("../")) {
      throw new ContextException(
          "COPY/ADD source '"
              + raw
              + "' is outside the build context; move the file into the context folder or"
              + " build from a parent folder");
    }
    return p;
  }

  private static Source source(String p, String raw) throws ContextException {
    try {
      String[] parts = p.split("/");
      List<GoGlob.Glob> comps = new ArrayList<>();
      int globstar = -1;
      for (int i = 0; i < parts.length; i++) {
        if (globstar < 0 && parts[i].contains("**")) {
          globstar = i;
        }
        comps.add(GoGlob.compile(parts[i]));
      }
      return new Source(p, comps, globstar, GoGlob.compile(p));
    } catch (GoGlob.BadPatternException e) {
      throw new ContextException(
          "COPY/ADD source '" + raw + "' is not a valid pattern: " + e.getMessage());
    }
  }

  static String escape(String path) {
    StringBuilder b = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
