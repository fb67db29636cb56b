package dev.dmsb.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@code .dockerignore} file with Docker's semantics (docker/cli's {@code ReadAll}
 * and moby/patternmatcher): one Go {@code filepath.Match} pattern per line, {@code **} for any
 * number of folders, {@code !} for an exception; the last matching rule wins; a rule matching a
 * folder matches everything inside it. Lines starting with {@code #} are comments; blank lines are
 * skipped; patterns are cleaned ({@code ./a} → {@code a}) and a leading {@code /} is dropped.
 */
public final class DockerIgnore {

  /** One pattern line. */
  public record Rule(String pattern, boolean exception, int line, GoGlob.Glob glob) {
    boolean matches(String path) {
      return glob.matches(path);
    }

    @Override
    public String toString() {
      return (exception ? "!" : "") + pattern;
    }
  }

  private static final DockerIgnore NONE = new DockerIgnore(List.of(), "(none)");

  private final List<Rule> rules;
  private final String source;
  private final boolean hasExceptions;

  private DockerIgnore(List<Rule> rules, String source) {
    this.rules = List.copyOf(rules);
    this.source = source;
    this.hasExceptions = rules.stream().anyMatch(Rule::exception);
  }

  /** No rules: nothing is ignored. */
  public static DockerIgnore none() {
    return NONE;
  }

  /**
   * Reads the ignore file for a build: {@code <dockerfile>.dockerignore} beside the Dockerfile when
   * it exists, else {@code .dockerignore} at the context root, else no rules.
   *
   * @param dockerfile the Dockerfile's path, or null when it comes from stdin
   * @return the rules and the file they came from, relative to the context when inside it
   */
  public static DockerIgnore load(Path contextDir, Path dockerfile) throws ContextException {
    Path file = ignoreFileFor(contextDir, dockerfile);
    if (file == null) {
      return NONE;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return parse(text, file.toString());
    } catch (IOException e) {
      throw new ContextException(
          file + " can't be read (" + e.getMessage() + "); fix its permissions or remove it", e);
    }
  }

  /** The ignore file that applies, or null. */
  public static Path ignoreFileFor(Path contextDir, Path dockerfile) {
    if (dockerfile != null) {
      Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
      if (Files.isRegularFile(specific)) {
        return specific;
      }
    }
    Path general = contextDir.resolve(".dockerignore");
    return Files.isRegularFile(general) ? general : null;
  }

  /**
   * Parses ignore-file text.
   *
   * @param source the file name, for messages
   * @throws ContextException for a malformed pattern, naming {@code source:line}
   */
  public static DockerIgnore parse(String text, String source) throws ContextException {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (n == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      // As docker/cli: comments are recognised before trimming.
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = line.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean exception = pattern.charAt(0) == '!';
      if (exception) {
        pattern = pattern.substring(1).strip();
        if (pattern.isEmpty()) {
          throw new ContextException(
              source
                  + ":"
                  + (n + 1)
                  + ": '!' alone is not a pattern; write the path to keep after it, e.g. !keep.txt");
        }
      }
      pattern = GoPath.clean(pattern);
      if (pattern.length() > 1 && pattern.charAt(0) == '/') {
        pattern = pattern.substring(1);
      }
      try {
        rules.add(new Rule(pattern, exception, n + 1, GoGlob.compile(pattern)));
      } catch (GoGlob.BadPatternException e) {
        throw new ContextException(
            source
                + ":"
                + (n + 1)
                + ": malformed pattern '"
                + line.strip()
                + "': "
                + e.getMessage()
                + " (Go filepath.Match syntax)");
      }
    }
    return new DockerIgnore(rules, source);
  }

  /** The rules, in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Where the rules came from, for messages. */
  public String source() {
    return source;
  }

  /**
   * Whether a path (relative, slash-separated, cleaned) is left out of the context: the last rule
   * matching it or one of its parent folders decides (moby/patternmatcher {@code
   * MatchesOrParentMatches}).
   */
  public boolean excludes(String path) {
    if (rules.isEmpty() || path.equals(".")) {
      return false;
    }
    boolean matched = false;
    String parent = GoPath.dir(path);
    for (Rule rule : rules) {
      // An exclusion only matters once matched; an inclusion only until matched.
      if (rule.exception() != matched) {
        continue;
      }
      boolean match = rule.matches(path);
      if (!match && !parent.equals(".")) {
        int from = 0;
        while (!match) {
          int slash = parent.indexOf('/', from);
          String prefix = slash < 0 ? parent : parent.substring(0, slash);
          match = rule.matches(prefix);
          if (slash < 0) {
            break;
          }
          from = slash + 1;
        }
      }
      if (match) {
        matched = !rule.exception();
      }
    }
    return matched;
  }

  /**
   * Whether an excluded folder must still be walked because an exception rule names a path inside
   * it; the same literal-prefix test as the docker CLI's archiver.
   */
  public boolean mayKeepInside(String dir) {
    if (!hasExceptions) {
      return false;
    }
    String dirSlash = dir + "/";
    for (Rule rule : rules) {
      if (rule.exception() && (rule.pattern() + "/").startsWith(dirSlash)) {
        return true;
      }
    }
    return false;
  }

  /**
   * These rules plus an exception for {@code path} if the rules exclude it: how the docker CLI
   * makes sure the Dockerfile and the ignore file are always sent.
   */
  public DockerIgnore keeping(String path) {
    if (!excludes(path)) {
      return this;
    }
    List<Rule> more = new ArrayList<>(rules);
    try {
      more.add(new Rule(path, true, 0, GoGlob.compile(escape(path))));
    } catch (GoGlob.BadPatternException e) {
      throw new IllegalStateException("an escaped path is always a valid pattern", e);
    }
    return new DockerIgnore(more, source);
  }

  private static String escape(String path) {
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
