package dev.dmsb.build;

import java.util.regex.Pattern;

/**
 * Go's {@code filepath.Match} pattern syntax (Unix flavour), as Docker uses it for {@code
 * .dockerignore} and COPY sources: {@code *} and {@code ?} never match {@code /}, {@code [...]}
 * classes with {@code ^} negation and ranges, {@code \} escapes; plus moby/patternmatcher's {@code
 * **} (any number of path components). Compiled to a Java regex that matches a whole path.
 */
final class GoGlob {
  private GoGlob() {}

  /** Thrown for a pattern Go's {@code filepath.Match} would reject ({@code ErrBadPattern}). */
  static final class BadPatternException extends Exception {
    private static final long serialVersionUID = 1L;

    BadPatternException(String message) {
      super(message);
    }
  }

  /** True if the pattern has no wildcard, class or escape: it names one path. */
  static boolean isLiteral(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** Rejects what {@code filepath.Match} rejects: unclosed or empty classes, trailing escapes. */
  static void validate(String p) throws BadPatternException {
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '\\') {
        if (i + 1 >= p.length()) {
          throw new BadPatternException("a trailing '\\' escapes nothing");
        }
        i += 2;
      } else if (c == '[') {
        i = classEnd(p, i);
      } else {
        i++;
      }
    }
  }

  /** Index just after the class starting at {@code start}, validating it the way Go does. */
  private static int classEnd(String p, int start) throws BadPatternException {
    int i = start + 1;
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    int ranges = 0;
    while (true) {
      if (i < p.length() && p.charAt(i) == ']' && ranges > 0) {
        return i + 1;
      }
      int lo = i;
      i = classChar(p, i);
      if (i < p.length() && p.charAt(i) == '-') {
        int hi = i + 1;
        i = classChar(p, hi);
        // Go's matcher takes a backwards range as empty, but the regexp moby builds from the
        // pattern rejects it, so the docker CLI fails the build: say so before anything is sent.
        if (classCodePoint(p, hi) < classCodePoint(p, lo)) {
          throw new BadPatternException(
              "the range '"
                  + p.substring(lo, i)
                  + "' in a '[' class runs backwards; write it from low to high");
        }
      }
      ranges++;
    }
  }

  /** The character a class member at {@code i} stands for (after a {@code \\}, the next one). */
  private static int classCodePoint(String p, int i) {
    return p.charAt(i) == '\\' ? p.codePointAt(i + 1) : p.codePointAt(i);
  }

  private static int classChar(String p, int i) throws BadPatternException {
    if (i >= p.length()) {
      throw new BadPatternException("a '[' class is not closed with ']'");
    }
    char c = p.charAt(i);
    if (c == '-' || c == ']') {
      throw new BadPatternException("'" + c + "' at a wrong place in a '[' class (escape it)");
    }
    if (c == '\\') {
      if (i + 1 >= p.length()) {
        throw new BadPatternException("a '[' class is not closed with ']'");
      }
      return i + 1 + Character.charCount(p.codePointAt(i + 1));
    }
    return i + Character.charCount(p.codePointAt(i));
  }

  /** How a compiled pattern matches, as moby/patternmatcher decides it. */
  enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    REGEX
  }

  /** A compiled pattern. */
  record Glob(String pattern, Kind kind, Pattern regex) {
    /** Whether a cleaned, slash-separated path matches (moby/patternmatcher {@code match}). */
    boolean matches(String path) {
      return switch (kind) {
        case EXACT -> path.equals(pattern);
        case PREFIX -> path.startsWith(pattern.substring(0, pattern.length() - 2));
        case SUFFIX -> {
          String suffix = pattern.substring(2);
          yield path.endsWith(suffix)
              || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
        }
        case REGEX -> regex.matcher(path).matches();
      };
    }
  }

  /**
   * Compiles a cleaned, slash-separated pattern following moby/patternmatcher: {@code **} followed
   * by {@code /} or at the end matches any number of components; patterns without wildcards compare
   * as strings, {@code dir/**} as a prefix and {@code **}{@code /name} as a suffix, with the same
   * quirks.
   */
  static Glob compile(String p) throws BadPatternException {
    validate(p);
    StringBuilder re = new StringBuilder("^");
    Kind kind = Kind.EXACT;
    int i = 0;
    for (int token = 0; i < p.length(); token++) {
      char c = p.charAt(i);
      if (c == '*') {
        if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
          i += 2;
          if (i < p.length() && p.charAt(i) == '/') {
            i++;
          }
          if (i >= p.length()) {
            if (kind == Kind.EXACT) {
              kind = Kind.PREFIX;
            } else {
              re.append(".*");
              kind = Kind.REGEX;
            }
          } else {
            re.append("(.*/)?");
            kind = Kind.REGEX;
          }
          if (token == 0) {
            kind = Kind.SUFFIX;
          }
        } else {
          re.append("[^/]*");
          kind = Kind.REGEX;
          i++;
        }
      } else if (c == '?') {
        re.append("[^/]");
        kind = Kind.REGEX;
        i++;
      } else if (c == '\\') {
        int cp = p.codePointAt(i + 1);
        re.append(literal(cp));
        kind = Kind.REGEX;
        i += 1 + Character.charCount(cp);
      } else if (c == '[') {
        int end = classEnd(p, i);
        re.append(javaClass(p.substring(i + 1, end - 1)));
        kind = Kind.REGEX;
        i = end;
      } else {
        int cp = p.codePointAt(i);
        re.append(literal(cp));
        i += Character.charCount(cp);
      }
    }
    Pattern regex = kind == Kind.REGEX ? Pattern.compile(re.append('$').toString()) : null;
    return new Glob(p, kind, regex);
  }

  private static String javaClass(String body) {
    StringBuilder b = new StringBuilder("[");
    int i = 0;
    if (body.startsWith("^")) {
      b.append('^');
      i = 1;
    }
    while (i < body.length()) {
      int cp = body.codePointAt(i);
      if (cp == '\\') {
        i++;
        cp = body.codePointAt(i);
      }
      i += Character.charCount(cp);
      b.append(literal(cp));
      if (i < body.length() && body.charAt(i) == '-') {
        i++;
        int hi = body.codePointAt(i);
        if (hi == '\\') {
          i++;
          hi = body.codePointAt(i);
        }
        i += Character.charCount(hi);
        b.append('-').append(literal(hi));
      }
    }
    return b.append(']').toString();
  }

  private static String literal(int cp) {
    return "\\x{" + Integer.toHexString(cp) + "}";
  }
}
