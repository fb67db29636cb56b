package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.dockerfile.syntax.SourceRange;
import dev.dmsb.dockerfile.syntax.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of ENV, LABEL and ARG as BuildKit's {@code parseWords} splits them: on whitespace
 * outside quotes, where the escape char outside single quotes keeps the next char (a space too) in
 * the word, and quotes and escapes stay in the text ({@code ENV MY_DOG=Rex\ The\ Dog} is one word).
 */
final class NameValueWords {
  private NameValueWords() {}

  private static final int SPACES = 0;
  private static final int WORD = 1;
  private static final int QUOTE = 2;

  static List<Word> split(Arguments.Shell shell, char escape) {
    String rest = shell.text();
    int[] starts = logicalStarts(shell);
    List<Word> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    int phase = SPACES;
    char quote = 0;
    boolean blankOk = false;
    int start = 0;
    int n = rest.length();
    int[] cursor = {0};
    for (int pos = 0; pos <= n; pos++) {
      char ch = pos < n ? rest.charAt(pos) : 0;
      if (phase == SPACES) {
        if (pos == n) {
          break;
        }
        if (isSpace(ch)) {
          continue;
        }
        phase = WORD;
        start = pos;
      }
      if (pos == n) {
        if (blankOk || sb.length() > 0) {
          out.add(word(shell, starts, cursor, sb.toString(), start, pos));
        }
        break;
      }
      if (phase == WORD) {
        if (isSpace(ch)) {
          phase = SPACES;
          if (blankOk || sb.length() > 0) {
            out.add(word(shell, starts, cursor, sb.toString(), start, pos));
          }
          sb.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = QUOTE;
        }
        if (ch == escape) {
          if (pos + 1 == n) {
            continue; // an escape at the very end is dropped
          }
          sb.append(ch);
          ch = rest.charAt(++pos);
        }
        sb.append(ch);
        continue;
      }
      // in a quote
      if (ch == quote) {
        phase = WORD;
      }
      if (ch == escape && quote != '\'') {
        if (pos + 1 == n) {
          phase = WORD;
          continue;
        }
        sb.append(ch);
        ch = rest.charAt(++pos);
      }
      sb.append(ch);
    }
    return out;
  }

  /** Go's {@code unicode.IsSpace} for the chars a logical line holds. */
  private static boolean isSpace(char c) {
    return c == ' '
        || (c >= '\t' && c <= '\r')
        || c == 0x85
        || c == 0xA0
        || Character.isSpaceChar(c);
  }

  /** Where each whitespace-split word of the shell form starts in its logical text. */
  private static int[] logicalStarts(Arguments.Shell shell) {
    List<Word> words = shell.words();
    int[] starts = new int[words.size()];
    int cursor = 0;
    for (int i = 0; i < words.size(); i++) {
      int at = shell.text().indexOf(words.get(i).text(), cursor);
      starts[i] = at < 0 ? cursor : at;
      cursor = starts[i] + words.get(i).text().length();
    }
    return starts;
  }

  /**
   * The word with the physical range of the shell words its logical span {@code [s, e)} covers;
   * {@code cursor} holds the first shell word not yet passed (words come in order: linear time).
   */
  private static Word word(
      Arguments.Shell shell, int[] starts, int[] cursor, String text, int s, int e) {
    List<Word> words = shell.words();
    if (words.isEmpty()) {
      return new Word(text, shell.range());
    }
    int first = cursor[0];
    while (first + 1 < words.size() && starts[first + 1] <= s) {
      first++;
    }
    int last = first;
    while (last + 1 < words.size() && starts[last + 1] < e) {
      last++;
    }
    cursor[0] = last;
    return new Word(
        text, new SourceRange(words.get(first).range().start(), words.get(last).range().end()));
  }
}
