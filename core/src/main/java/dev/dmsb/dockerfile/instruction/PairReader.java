package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.Problem;
import dev.dmsb.dockerfile.syntax.ShellLexer;
import dev.dmsb.dockerfile.syntax.SourceRange;
import dev.dmsb.dockerfile.syntax.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ARG declarations and ENV/LABEL pairs, split as BuildKit's {@code parseNameOrNameVal} and {@code
 * parseNameVal} do, with BuildKit's problems.
 */
final class PairReader {
  private final char escape;
  private final List<Problem> problems;

  PairReader(char escape, List<Problem> problems) {
    this.escape = escape;
    this.problems = problems;
  }

  List<ArgDeclaration> args(InstructionNode node) {
    List<ArgDeclaration> out = new ArrayList<>();
    List<Word> words = nameValueWords(node);
    if (words.isEmpty()) {
      problems.add(new Problem("arg.empty", "ARG requires at least one argument", node.range()));
    }
    for (Word w : words) {
      int eq = w.text().indexOf('=');
      String name = eq < 0 ? w.text() : w.text().substring(0, eq);
      out.add(new ArgDeclaration(name, eq < 0 ? null : w.text().substring(eq + 1), w.range()));
      if (eq >= 0) {
        checkWord(w.text().substring(eq + 1), w.range());
      }
    }
    return out;
  }

  /** Reads ENV/LABEL pairs; returns whether the legacy {@code key value} form was used. */
  boolean pairs(InstructionNode node, List<KeyValue> out) {
    List<Word> words = nameValueWords(node);
    String kw = node.keywordUpper();
    if (words.isEmpty()) {
      problems.add(
          new Problem("pairs.empty", kw + " requires at least one argument", node.range()));
      return false;
    }
    if (words.get(0).text().indexOf('=') < 0) {
      if (words.size() < 2) {
        problems.add(new Problem("pairs.legacy", kw + " must have two arguments", node.range()));
        out.add(new KeyValue(words.get(0).text(), "", words.get(0).range()));
        return true;
      }
      // BuildKit splits the text once at the first whitespace run: the rest is the value as
      // written, spaces and quotes included.
      String text = ((Arguments.Shell) node.arguments()).text();
      int sep = 0;
      while (sep < text.length() && !isSplitSpace(text.charAt(sep))) {
        sep++;
      }
      int valueStart = sep;
      while (valueStart < text.length() && isSplitSpace(text.charAt(valueStart))) {
        valueStart++;
      }
      Word first = words.get(0);
      Word last = words.get(words.size() - 1);
      String value = text.substring(valueStart);
      SourceRange range = new SourceRange(first.range().start(), last.range().end());
      out.add(new KeyValue(text.substring(0, sep), value, range));
      checkWord(value, range);
      return true;
    }
    for (Word w : words) {
      int eq = w.text().indexOf('=');
      if (eq <= 0) {
        problems.add(
            new Problem(
                "pairs.syntax",
                "Syntax error - can't find = in \""
                    + w.text()
                    + "\". Must be of the form: name=value",
                w.range()));
        continue;
      }
      out.add(new KeyValue(w.text().substring(0, eq), w.text().substring(eq + 1), w.range()));
      checkWord(w.text(), w.range());
    }
    return false;
  }

  private List<Word> nameValueWords(InstructionNode node) {
    return node.arguments() instanceof Arguments.Shell s
        ? NameValueWords.split(s, escape)
        : List.of();
  }

  /** BuildKit's {@code reWhitespace}: the blanks its legacy {@code KEY value} split uses. */
  private static boolean isSplitSpace(char c) {
    return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /**
   * Reports what the engine's lexer refuses in an ENV, LABEL or ARG word when it expands it (an
   * unterminated quote: inside single quotes a backslash escapes nothing, so {@code 'a\'b'} leaves
   * a quote open). Unset variables are not looked at here.
   */
  private void checkWord(String word, SourceRange range) {
    ShellLexer.Result r =
        ShellLexer.process(word, Map.of(), ShellLexer.Options.of(escape).raw(false, false, true));
    if (r.error() == null) {
      return;
    }
    boolean quote = r.error().endsWith("single-quote") || r.error().endsWith("double-quote");
    problems.add(
        new Problem(
            quote ? "word.unterminated-quote" : "word.expansion",
            r.error(),
            range,
            r.error().endsWith("single-quote")
                ? "close the quote; inside '...' nothing is escaped, so write 'a'\\''b' or \"a'b\""
                : quote ? "close the double quote" : null));
  }
}
