package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.SourceRange;
import dev.dmsb.dockerfile.syntax.Word;
import java.util.ArrayList;
import java.util.List;

/** Joins whitespace-split words back together while a quote is open ({@code A="x y"}). */
final class QuotedWords {
  private QuotedWords() {}

  static List<Word> merge(List<Word> words) {
    List<Word> out = new ArrayList<>();
    StringBuilder cur = null;
    SourceRange start = null;
    char quote = 0;
    for (Word w : words) {
      if (cur == null) {
        cur = new StringBuilder(w.text());
        start = w.range();
      } else {
        cur.append(' ').append(w.text());
      }
      String t = w.text();
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (c == '\\' && quote != '\'') {
          i++;
        } else if (quote == 0 && (c == '"' || c == '\'')) {
          quote = c;
        } else if (c == quote) {
          quote = 0;
        }
      }
      if (quote == 0) {
        out.add(new Word(cur.toString(), new SourceRange(start.start(), w.range().end())));
        cur = null;
      }
    }
    if (cur != null) {
      Word last = words.get(words.size() - 1);
      out.add(new Word(cur.toString(), new SourceRange(start.start(), last.range().end())));
    }
    return out;
  }
}
