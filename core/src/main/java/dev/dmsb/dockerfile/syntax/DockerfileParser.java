package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses Dockerfile text into a lossless {@link SyntaxTree}, following BuildKit's parser: parser
 * directives only at the top, the escape character, continuations joined without a space, comment
 * and blank lines inside continuations dropped, heredocs, flags before arguments, JSON form with a
 * fallback to shell form. It never throws on any input: what BuildKit would reject is reported as a
 * {@link Problem}.
 *
 * <p>No regular expressions touch user text, so hostile input (a megabyte line, thousands of
 * continuations) stays linear.
 */
public final class DockerfileParser {
  /** BuildKit's per-line limit. */
  static final int MAX_LINE = 65535;

  private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
  private static final Set<String> JSON_FORM =
      Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME");
  private static final Set<String> HEREDOC_FORM = Set.of("RUN", "COPY", "ADD");

  private final String text;
  private final LineIndex index;
  private final int lineCount;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private char escape = '\\';

  private DockerfileParser(String text) {
    this.text = text;
    this.index = new LineIndex(text);
    // A final empty "line" after a trailing newline holds no text: do not visit it.
    int n = index.lineCount();
    if (n > 1 && index.lineStart(n) == text.length()) {
      n--;
    }
    this.lineCount = text.length() == index.lineStart(1) ? 0 : n;
  }

  /** Parses a whole Dockerfile. Never throws; {@code text} may be anything. */
  public static SyntaxTree parse(String text) {
    DockerfileParser p = new DockerfileParser(text);
    p.run();
    String bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
    return new SyntaxTree(text, bom, p.nodes, p.problems, p.escape, p.index);
  }

  // ---- physical lines (1-based) ----

  private int start(int line) {
    return index.lineStart(line);
  }

  /** End of the line's content, before {@code \r\n} or {@code \n}. */
  private int contentEnd(int line) {
    int e = line < index.lineCount() ? index.lineStart(line + 1) - 1 : text.length();
    if (e > start(line) && text.charAt(e - 1) == '\r') {
      e--;
    }
    return e;
  }

  /** End of the line including its terminator. */
  private int rawEnd(int line) {
    return line < index.lineCount() ? index.lineStart(line + 1) : text.length();
  }

  private int firstNonBlank(int line) {
    int i = start(line);
    int e = contentEnd(line);
    while (i < e && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private String rawOf(int fromLine, int toLine) {
    return text.substring(start(fromLine), rawEnd(toLine));
  }

  // ---- the passes ----

  private void run() {
    int line = 1;
    line = directives(line);
    while (line <= lineCount) {
      if (contentEnd(line) - start(line) > MAX_LINE) {
        problems.add(
            new Problem(
                "line.too-long",
                "dockerfile line greater than max allowed size of " + MAX_LINE,
                index.range(start(line), contentEnd(line))));
      }
      int first = firstNonBlank(line);
      if (first == contentEnd(line)) {
        nodes.add(trivia(TriviaNode.Kind.BLANK, line));
        line++;
      } else if (text.charAt(first) == '#') {
        nodes.add(trivia(TriviaNode.Kind.COMMENT, line));
        line++;
      } else {
        line = instruction(line);
      }
    }
  }

  private TriviaNode trivia(TriviaNode.Kind kind, int line) {
    int s = kind == TriviaNode.Kind.COMMENT ? firstNonBlank(line) : start(line);
    return new TriviaNode(kind, rawOf(line, line), index.range(s, contentEnd(line)));
  }

  /** Reads the directive lines at the top; returns the first line after them. */
  private int directives(int line) {
    Set<String> seen = new java.util.HashSet<>();
    while (line <= lineCount) {
      int s = start(line);
      int e = contentEnd(line);
      int i = s;
      if (i >= e || text.charAt(i) != '#') {
        return line;
      }
      i++;
      while (i < e && isBlank(text.charAt(i))) {
        i++;
      }
      int keyStart = i;
      if (i >= e || !isAsciiLetter(text.charAt(i))) {
        return line;
      }
      while (i < e && (isAsciiLetter(text.charAt(i)) || Character.isDigit(text.charAt(i)))) {
        i++;
      }
      String key = text.substring(keyStart, i).toLowerCase(Locale.ROOT);
      while (i < e && isBlank(text.charAt(i))) {
        i++;
      }
      if (i >= e || text.charAt(i) != '=' || !DIRECTIVES.contains(key)) {
        return line;
      }
      i++;
      while (i < e && isBlank(text.charAt(i))) {
        i++;
      }
      int valueEnd = e;
      while (valueEnd > i && isBlank(text.charAt(valueEnd - 1))) {
        valueEnd--;
      }
      if (valueEnd == i) {
        return line;
      }
      String value = text.substring(i, valueEnd);
      SourceRange range = index.range(s, e);
      SourceRange valueRange = index.range(i, valueEnd);
      if (!seen.add(key)) {
        problems.add(
            new Problem(
                "directive.duplicate", "only one " + key + " parser directive can be used", range));
      } else if (key.equals("escape")) {
        if (value.equals("`") || value.equals("\\")) {
          escape = value.charAt(0);
        } else {
          problems.add(
              new Problem(
                  "directive.escape",
                  "invalid escape token '" + value + "' does not match ` or \\",
                  valueRange));
        }
      }
      nodes.add(new DirectiveNode(key, value, rawOf(line, line), range, valueRange));
      line++;
    }
    return line;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Reads one instruction starting at {@code first}; returns the line after it. */
  private int instruction(int first) {
    LogicalLine ll = new LogicalLine(index, firstNonBlank(first));
    int line = first;
    boolean more = appendLine(ll, firstNonBlank(first), contentEnd(first));
    line++;
    while (more && line <= lineCount) {
      int nb = firstNonBlank(line);
      if (nb == contentEnd(line)) {
        problems.add(
            new Problem(
                "continuation.empty",
                "Empty continuation line",
                index.range(start(line), contentEnd(line))));
        line++;
        continue;
      }
      if (text.charAt(nb) == '#') {
        line++; // comment lines inside a continuation are dropped, whatever they end with
        continue;
      }
      more = appendLine(ll, start(line), contentEnd(line));
      line++;
    }
    String s = ll.text();
    Parts parts = parts(ll, s, 0);
    List<Heredoc> heredocs = List.of();
    String kw = parts.keyword.text().toUpperCase(Locale.ROOT);
    String heredocKeyword =
        kw.equals("ONBUILD") && parts.trigger != null
            ? parts.trigger.keyword().text().toUpperCase(Locale.ROOT)
            : kw;
    Arguments args = kw.equals("ONBUILD") && parts.trigger != null ? null : parts.args;
    if (HEREDOC_FORM.contains(heredocKeyword)
        && !(args instanceof Arguments.Json)
        && !(parts.trigger != null && parts.trigger.arguments() instanceof Arguments.Json)
        && s.contains("<<")) {
      heredocs = new ArrayList<>();
      for (HeredocWords.Opening o : HeredocWords.find(s, parts.argsStart)) {
        line = readHeredoc(o, ll, line, heredocs);
      }
    }
    int last = line - 1;
    int end = contentEnd(last);
    SourceRange range = index.range(firstNonBlank(first), Math.max(end, firstNonBlank(first)));
    InstructionNode trigger = parts.trigger;
    if (trigger != null && !heredocs.isEmpty()) {
      trigger =
          new InstructionNode(
              "",
              trigger.range(),
              trigger.keyword(),
              trigger.flags(),
              trigger.arguments(),
              heredocs,
              null,
              trigger.logicalText());
    }
    nodes.add(
        new InstructionNode(
            rawOf(first, last),
            range,
            parts.keyword,
            parts.flags,
            parts.args,
            heredocs,
            trigger,
            s.substring(Math.min(parts.restStart, s.length()))));
    return line;
  }

  /**
   * Appends a physical line's content to the logical line; returns whether it ends with a
   * continuation (the escape char, optionally followed by blanks, not itself escaped).
   */
  private boolean appendLine(LogicalLine ll, int from, int to) {
    int k = to;
    while (k > from && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '\t')) {
      k--;
    }
    boolean cont =
        k > from && text.charAt(k - 1) == escape && (k - 1 == from || text.charAt(k - 2) != escape);
    ll.append(text, from, cont ? k - 1 : to);
    return cont;
  }

  private int readHeredoc(HeredocWords.Opening o, LogicalLine ll, int line, List<Heredoc> out) {
    Word word = ll.word(o.start(), o.end(), ll.text());
    StringBuilder content = new StringBuilder();
    int bodyStart = line <= lineCount ? start(line) : text.length();
    int bodyEnd = bodyStart;
    boolean terminated = false;
    while (line <= lineCount) {
      String l = text.substring(start(line), contentEnd(line));
      String cmp = o.chomp() ? stripLeadingTabs(l) : l;
      bodyEnd = contentEnd(line);
      line++;
      if (cmp.equals(o.delimiter())) {
        terminated = true;
        break;
      }
      content.append(cmp).append('\n');
    }
    SourceRange bodyRange = index.range(bodyStart, bodyEnd);
    if (!terminated) {
      problems.add(new Problem("heredoc.unterminated", "unterminated heredoc", word.range()));
    }
    out.add(
        new Heredoc(
            o.delimiter(),
            o.chomp(),
            o.expand(),
            o.fd(),
            word,
            content.toString(),
            bodyRange,
            terminated));
    return line;
  }

  private static String stripLeadingTabs(String l) {
    int i = 0;
    while (i < l.length() && l.charAt(i) == '\t') {
      i++;
    }
    return l.substring(i);
  }

  /** Keyword, flags and arguments of a logical line (or of an ONBUILD trigger inside it). */
  private record Parts(
      Word keyword,
      List<Flag> flags,
      Arguments args,
      InstructionNode trigger,
      int restStart,
      int argsStart) {}

  private Parts parts(LogicalLine ll, String s, int from) {
    int kwEnd = from;
    while (kwEnd < s.length() && !Character.isWhitespace(s.charAt(kwEnd))) {
      kwEnd++;
    }
    Word keyword = ll.word(from, kwEnd, s);
    int rest = kwEnd;
    while (rest < s.length() && Character.isWhitespace(s.charAt(rest))) {
      rest++;
    }
    String kw = keyword.text().toUpperCase(Locale.ROOT);
    if (kw.equals("ONBUILD") && rest < s.length()) {
      Parts inner = parts(ll, s, rest);
      InstructionNode trigger =
          new InstructionNode(
              "",
              ll.range(rest, trimEnd(s, s.length())),
              inner.keyword,
              inner.flags,
              inner.args,
              List.of(),
              null,
              s.substring(inner.restStart));
      return new Parts(keyword, List.of(), shell(ll, s, rest), trigger, rest, inner.argsStart);
    }
    FlagScanner.Result flags = FlagScanner.scan(s, rest, ll);
    int argsStart = flags.argsStart();
    Arguments args = shell(ll, s, argsStart);
    if (JSON_FORM.contains(kw) && argsStart < s.length() && s.charAt(argsStart) == '[') {
      int end = trimEnd(s, s.length());
      JsonArrayReader.Result json = JsonArrayReader.read(s.substring(argsStart, end), 0);
      if (json.kind() == JsonArrayReader.Kind.STRINGS) {
        args = new Arguments.Json(json.values(), ll.range(argsStart, end));
      } else if (json.kind() == JsonArrayReader.Kind.NOT_STRINGS) {
        problems.add(
            new Problem(
                "json.not-strings",
                "when using JSON array syntax, arrays must be comprised of strings only",
                ll.range(argsStart, end)));
      }
    }
    return new Parts(keyword, flags.flags(), args, null, rest, argsStart);
  }

  private static int trimEnd(String s, int end) {
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** Shell form: whitespace-separated words, quotes kept (BuildKit's plain split). */
  private static Arguments.Shell shell(LogicalLine ll, String s, int from) {
    int end = trimEnd(s, s.length());
    List<Word> words = new ArrayList<>();
    int i = from;
    while (i < end) {
      while (i < end && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int ws = i;
      while (i < end && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i > ws) {
        words.add(ll.word(ws, i, s));
      }
    }
    int start = Math.min(from, end);
    return new Arguments.Shell(s.substring(start, end), words, ll.range(start, end));
  }
}
