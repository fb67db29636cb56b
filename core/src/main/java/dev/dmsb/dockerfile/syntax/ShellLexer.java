package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BuildKit's shell lexer ({@code frontend/dockerfile/shell/lex.go}): quote removal, escapes,
 * variable expansion and word splitting, as the engine applies them to FROM, ARG, ENV, COPY and the
 * other instructions. It reproduces the engine's results, including its quirks, so that dmsb reads
 * a word the way the build will.
 *
 * <p>Forms of current BuildKit: {@code $V}, {@code ${V}}, {@code ${V:-w}}, {@code ${V-w}}, {@code
 * ${V:+w}}, {@code ${V+w}}, {@code ${V:?w}}, {@code ${V?w}}, {@code ${V#p}}, {@code ${V##p}},
 * {@code ${V%p}}, {@code ${V%%p}}, {@code ${V/p/r}}, {@code ${V//p/r}}. A name absent from the
 * environment is unset; a name mapped to "" is set and empty. {@link Dialect#BUILDKIT_0_8} is the
 * lexer Docker 20.10 ships (its legacy builder and its built-in BuildKit frontend): only {@code
 * ${V}}, {@code ${V:-w}}, {@code ${V:+w}}, {@code ${V:?w}} and {@code ${V?w}}; any other form is
 * the error that engine reports ({@code missing ':' in substitution}).
 *
 * <p>Never throws: a failure is the {@link Result#error()}.
 */
public final class ShellLexer {
  /** Which BuildKit's lexer to follow. */
  public enum Dialect {
    /** Current BuildKit (v0.13 and later have every form). */
    CURRENT,
    /** BuildKit v0.8, vendored by Docker 20.10 for both its builders. */
    BUILDKIT_0_8
  }

  /**
   * How to lex.
   *
   * @param escape the Dockerfile's escape char
   * @param rawQuotes keep quote chars in the result
   * @param rawEscapes keep escape chars in the result
   * @param skipUnsetEnv leave references to unset names as written
   * @param dialect which BuildKit to follow
   */
  public record Options(
      char escape, boolean rawQuotes, boolean rawEscapes, boolean skipUnsetEnv, Dialect dialect) {
    /** Current BuildKit's defaults with this escape char. */
    public static Options of(char escape) {
      return new Options(escape, false, false, false, Dialect.CURRENT);
    }

    /** The same options for another dialect. */
    public Options with(Dialect d) {
      return new Options(escape, rawQuotes, rawEscapes, skipUnsetEnv, d);
    }

    /** The same options with raw quotes, raw escapes and unset names kept as set. */
    public Options raw(boolean quotes, boolean escapes, boolean skipUnset) {
      return new Options(escape, quotes, escapes, skipUnset, dialect);
    }
  }

  /**
   * What lexing gave.
   *
   * @param value the expanded word (BuildKit's {@code ProcessWord}); "" on error
   * @param words the expanded word split into words (BuildKit's {@code ProcessWords})
   * @param used every variable name looked up, in order
   * @param unset the names looked up that were unset
   * @param error BuildKit's error message, or {@code null}
   * @param tooDeep whether nesting passed {@link #MAX_DEPTH} (then {@code error} is set)
   */
  public record Result(
      String value,
      List<String> words,
      List<String> used,
      List<String> unset,
      String error,
      boolean tooDeep) {}

  /** Nesting depth of {@code ${...}} beyond which lexing stops, to stay fast on hostile input. */
  public static final int MAX_DEPTH = 64;

  private static final int EOF = -1;

  private final String s;
  private final Map<String, String> env;
  private final Options o;
  private final List<String> used = new ArrayList<>();
  private final List<String> unset = new ArrayList<>();
  // Current BuildKit shares one words buffer between nested reads (a nested ${V:-w} drops the
  // outer word's pending text from the word list); dmsb does the same.
  private final StringBuilder sharedWordBuffer = new StringBuilder();
  private boolean rawEscapes;
  private boolean tooDeep;
  private int depth;
  private int pos;

  private ShellLexer(String s, Map<String, String> env, Options o) {
    this.s = s;
    this.env = env;
    this.o = o;
    this.rawEscapes = o.rawEscapes() && o.dialect() == Dialect.CURRENT;
  }

  /** Lexes {@code word} with {@code env} (absent names are unset). */
  public static Result process(String word, Map<String, String> env, Options options) {
    ShellLexer l = new ShellLexer(word, env, options);
    try {
      String[] value = new String[1];
      List<String> words = l.stopOn(EOF, l.rawEscapes, value);
      return new Result(value[0], List.copyOf(words), l.used, l.unset, null, false);
    } catch (Failure f) {
      return new Result(
          "",
          List.of(),
          l.used,
          l.unset,
          "failed to process \"" + word + "\": " + f.getMessage(),
          l.tooDeep);
    }
  }

  /** A lexing error; caught in {@link #process}. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private boolean current() {
    return o.dialect() == Dialect.CURRENT;
  }

  private int peek() {
    return pos < s.length() ? s.codePointAt(pos) : EOF;
  }

  private int next() {
    int c = peek();
    if (c != EOF) {
      pos += Character.charCount(c);
    }
    return c;
  }

  /** Reads to the end or to {@code stop}; the value goes to {@code value[0]}, words returned. */
  private List<String> stopOn(int stop, boolean raw, String[] value) throws Failure {
    boolean saved = rawEscapes;
    rawEscapes = raw && current();
    try {
      StringBuilder result = new StringBuilder();
      ShellWords words = new ShellWords(current() ? sharedWordBuffer : new StringBuilder());
      while (peek() != EOF) {
        int c = peek();
        if (stop != EOF && c == stop) {
          next();
          value[0] = result.toString();
          return words.get();
        }
        if (c == '$' || (c == '<' && current()) || c == '\'' || c == '"') {
          String tmp =
              switch (c) {
                case '$' -> dollar();
                case '<' -> possibleHeredoc();
                case '\'' -> singleQuote();
                default -> doubleQuote();
              };
          result.append(tmp);
          if (c == '$') {
            words.addString(tmp);
          } else {
            words.addRawString(tmp);
          }
          continue;
        }
        c = next();
        if (c == o.escape()) {
          if (rawEscapes) {
            words.addRawChar(c);
            result.appendCodePoint(c);
          }
          c = next();
          if (c == EOF) {
            break;
          }
          words.addRawChar(c);
        } else {
          words.addChar(c);
        }
        result.appendCodePoint(c);
      }
      if (stop != EOF) {
        throw new Failure(
            "unexpected end of statement while looking for matching " + Character.toString(stop));
      }
      value[0] = result.toString();
      return words.get();
    } finally {
      rawEscapes = saved;
    }
  }

  private String singleQuote() throws Failure {
    StringBuilder r = new StringBuilder();
    int c = next();
    if (o.rawQuotes()) {
      r.appendCodePoint(c);
    }
    while (true) {
      c = next();
      if (c == EOF) {
        throw new Failure("unexpected end of statement while looking for matching single-quote");
      }
      if (c == '\'') {
        if (o.rawQuotes()) {
          r.appendCodePoint(c);
        }
        return r.toString();
      }
      r.appendCodePoint(c);
    }
  }

  private String doubleQuote() throws Failure {
    StringBuilder r = new StringBuilder();
    int c = next();
    if (o.rawQuotes()) {
      r.appendCodePoint(c);
    }
    while (true) {
      int p = peek();
      if (p == EOF) {
        throw new Failure("unexpected end of statement while looking for matching double-quote");
      }
      if (p == '"') {
        next();
        if (o.rawQuotes()) {
          r.append('"');
        }
        return r.toString();
      }
      if (p == '$') {
        r.append(dollar());
        continue;
      }
      c = next();
      if (c == o.escape()) {
        if (rawEscapes) {
          r.appendCodePoint(c); // BuildKit then writes the escape a second time unless it escapes
        }
        int q = peek();
        if (q == EOF) {
          continue;
        }
        if (q == '"' || q == '$' || q == o.escape()) {
          c = next();
        }
      }
      r.appendCodePoint(c);
    }
  }

  private String possibleHeredoc() {
    next();
    if (peek() != '<') {
      return "<";
    }
    next();
    StringBuilder r = new StringBuilder("<<");
    while (peek() == '\t' || peek() == '\r' || peek() == ' ') {
      r.appendCodePoint(next());
    }
    return r.toString();
  }

  private String dollar() throws Failure {
    next();
    if (peek() != '{') {
      String name = name();
      if (name.isEmpty()) {
        return "$";
      }
      String v = lookup(name);
      if (v == null && o.skipUnsetEnv()) {
        return "$" + name;
      }
      return v == null ? "" : v;
    }
    if (depth >= MAX_DEPTH) {
      tooDeep = true;
      throw new Failure("variable references nested more than " + MAX_DEPTH + " deep");
    }
    depth++;
    try {
      next();
      int p = peek();
      if (p == EOF) {
        throw new Failure("syntax error: missing '}'");
      }
      if (p == '{' || p == '}' || p == ':') {
        throw new Failure("syntax error: bad substitution");
      }
      String name = name();
      int ch = next();
      if (ch == EOF) {
        throw new Failure("syntax error: missing '}'");
      }
      if (ch == '}') {
        String v = lookup(name);
        if (v == null && o.skipUnsetEnv()) {
          return "${" + name + "}";
        }
        return v == null ? "" : v;
      }
      return current()
          ? ShellModifiers.current(this, name, ch)
          : ShellModifiers.v08(this, name, ch);
    } finally {
      depth--;
    }
  }

  // ---- used by ShellModifiers ----

  int nextChar() {
    return next();
  }

  int peekChar() {
    return peek();
  }

  boolean skipUnsetEnv() {
    return o.skipUnsetEnv();
  }

  /** The word up to {@code stop}, with BuildKit's "missing" message when the input ends first. */
  String wordUntil(int stop, boolean raw, String missing) throws Failure {
    String[] value = new String[1];
    try {
      stopOn(stop, raw, value);
    } catch (Failure f) {
      if (peek() == EOF && !tooDeep) {
        throw new Failure(missing);
      }
      throw f;
    }
    return value[0];
  }

  static Failure failure(String message) {
    return new Failure(message);
  }

  /** The value of {@code name}, or {@code null} when unset; records the use. */
  String lookup(String name) {
    used.add(name);
    String v = env.get(name);
    if (v == null) {
      unset.add(name);
    }
    return v;
  }

  private String name() {
    StringBuilder name = new StringBuilder();
    while (peek() != EOF) {
      int c = peek();
      if (name.length() == 0 && Character.isDigit(c)) {
        while (peek() != EOF && Character.isDigit(peek())) {
          name.appendCodePoint(next());
        }
        return name.toString();
      }
      if (name.length() == 0 && isSpecialParam(c)) {
        return Character.toString(next());
      }
      if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') {
        break;
      }
      name.appendCodePoint(next());
    }
    return name.toString();
  }

  private static boolean isSpecialParam(int c) {
    return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!'
        || c == '0';
  }

  /** Go's {@code unicode.IsSpace}. */
  static boolean isSpace(int c) {
    return c == ' '
        || (c >= '\t' && c <= '\r')
        || c == 0x85
        || c == 0xA0
        || (c > 0xFF && Character.isSpaceChar(c));
  }
}
