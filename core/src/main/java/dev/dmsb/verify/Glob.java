package dev.dmsb.verify;

import java.util.regex.Pattern;

/**
 * A path glob for {@code --forbid}: {@code *} and {@code ?} stay within one path segment, {@code
 * **} crosses segments, {@code [...]} is a character class. A glob that starts with {@code /} is
 * anchored at the root; otherwise it matches at any depth ({@code *.pem} matches {@code
 * /etc/ssl/a.pem}). A path also matches when one of its parent directories does, so {@code
 * /root/.ssh} forbids everything below it.
 */
public final class Glob {
  private final String glob;
  private final Pattern pattern;

  private Glob(String glob, Pattern pattern) {
    this.glob = glob;
    this.pattern = pattern;
  }

  /** Compiles a glob; throws {@link IllegalArgumentException} with the reason when it is bad. */
  public static Glob compile(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("an empty glob matches nothing; give a path pattern");
    }
    String g = glob.strip();
    while (g.length() > 1 && g.endsWith("/")) {
      g = g.substring(0, g.length() - 1);
    }
    StringBuilder re = new StringBuilder(g.startsWith("/") ? "" : "(?:.*/)?");
    String body = g.startsWith("/") ? g.substring(1) : g;
    if (g.startsWith("/")) {
      re.append('/');
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '*') {
        if (i + 1 < body.length() && body.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < body.length() && body.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int close = body.indexOf(']', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("glob '" + glob + "' has a '[' without ']'");
        }
        String cls = body.substring(i + 1, close).replace("\\", "\\\\");
        re.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls).append(']');
        i = close;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new Glob(glob, Pattern.compile(re.toString()));
  }

  /** Whether the absolute {@code path} or one of its parents matches. */
  public boolean matches(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    while (!p.isEmpty()) {
      if (pattern.matcher(p).matches()) {
        return true;
      }
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "" : p.substring(0, slash);
    }
    return false;
  }

  @Override
  public String toString() {
    return glob;
  }
}
