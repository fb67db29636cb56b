package dev.dmsb.dockerfile.syntax;

/**
 * The {@code ${name<modifier>word}} forms of {@link ShellLexer}, for current BuildKit and for
 * BuildKit v0.8 (Docker 20.10). Called with the lexer just past the modifier's first char.
 */
final class ShellModifiers {
  private ShellModifiers() {}

  private static final String MISSING_BRACE = "syntax error: missing '}'";

  static String current(ShellLexer l, String name, int first) throws ShellLexer.Failure {
    int ch = first;
    String chs = Character.toString(ch);
    boolean nullIsUnset = false;
    if (ch == '/') {
      return replace(l, name);
    }
    if (ch == ':') {
      nullIsUnset = true;
      ch = l.nextChar();
      chs += ch < 0 ? "" : Character.toString(ch);
    } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
      throw unsupported(chs);
    }
    boolean pattern = ch == '#' || ch == '%';
    if (nullIsUnset && pattern) {
      throw unsupported(chs);
    }
    String word = l.wordUntil('}', pattern, MISSING_BRACE);
    String value = l.lookup(name);
    boolean set = value != null;
    if (!set && l.skipUnsetEnv()) {
      return "${" + name + chs + word + "}";
    }
    String v = set ? value : "";
    boolean absent = !set || (nullIsUnset && v.isEmpty());
    switch (ch) {
      case '-':
        return absent ? word : v;
      case '+':
        return absent ? "" : word;
      case '?':
        if (!set) {
          throw ShellLexer.failure(
              name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
        }
        if (nullIsUnset && v.isEmpty()) {
          throw ShellLexer.failure(
              name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
        }
        return v;
      case '%':
      case '#':
        boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
        String p = greedy ? word.substring(1) : word;
        try {
          return ch == '%'
              ? ShellPattern.trimSuffix(p, v, greedy)
              : ShellPattern.trimPrefix(p, v, greedy);
        } catch (ShellPattern.Invalid e) {
          throw ShellLexer.failure(
              "invalid pattern (" + p + ") in substitution: " + e.getMessage());
        }
      default:
        throw unsupported(chs);
    }
  }

  private static String replace(ShellLexer l, String name) throws ShellLexer.Failure {
    boolean all = l.peekChar() == '/';
    if (all) {
      l.nextChar();
    }
    String pattern = l.wordUntil('/', true, "syntax error: missing '/' in ${}");
    String replacement = l.wordUntil('}', true, MISSING_BRACE);
    String value = l.lookup(name);
    if (value == null && l.skipUnsetEnv()) {
      return "${" + name + "/" + pattern + "/" + replacement + "}";
    }
    String v = value == null ? "" : value;
    try {
      return all
          ? ShellPattern.replaceAll(pattern, v, replacement)
          : ShellPattern.replaceFirst(pattern, v, replacement);
    } catch (ShellPattern.Invalid e) {
      throw ShellLexer.failure(
          "invalid pattern (" + pattern + ") in substitution: " + e.getMessage());
    }
  }

  /** BuildKit v0.8: {@code ?}, {@code :-}, {@code :+}, {@code :?} only. */
  static String v08(ShellLexer l, String name, int ch) throws ShellLexer.Failure {
    if (ch == '?') {
      String word = l.wordUntil('}', false, MISSING_BRACE);
      String value = l.lookup(name);
      if (value == null) {
        if (l.skipUnsetEnv()) {
          return "${" + name + "?" + word + "}";
        }
        throw ShellLexer.failure(
            name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
      }
      return value;
    }
    if (ch != ':') {
      throw ShellLexer.failure("missing ':' in substitution");
    }
    int modifier = l.nextChar();
    String word = l.wordUntil('}', false, MISSING_BRACE);
    String value = l.lookup(name);
    boolean found = value != null;
    String v = found ? value : "";
    String raw =
        "${" + name + ":" + (modifier < 0 ? "" : Character.toString(modifier)) + word + "}";
    switch (modifier) {
      case '+':
        return !found && l.skipUnsetEnv() ? raw : (v.isEmpty() ? "" : word);
      case '-':
        return !found && l.skipUnsetEnv() ? raw : (v.isEmpty() ? word : v);
      case '?':
        if (!found) {
          if (l.skipUnsetEnv()) {
            return raw;
          }
          throw ShellLexer.failure(
              name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
        }
        if (v.isEmpty()) {
          throw ShellLexer.failure(
              name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
        }
        return v;
      default:
        throw ShellLexer.failure(
            "unsupported modifier ("
                + (modifier < 0 ? "" : Character.toString(modifier))
                + ") in substitution");
    }
  }

  private static ShellLexer.Failure unsupported(String chs) {
    return ShellLexer.failure("unsupported modifier (" + chs + ") in substitution");
  }
}
