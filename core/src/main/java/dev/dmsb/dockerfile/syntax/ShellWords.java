package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * BuildKit's words-so-far of {@link ShellLexer}: expanded text splits on whitespace, quoted and
 * escaped text does not.
 */
final class ShellWords {
  private final StringBuilder buf;
  private final List<String> words = new ArrayList<>();
  private boolean inWord;

  /** Uses (and clears) {@code buf}, which current BuildKit shares between nested reads. */
  ShellWords(StringBuilder buf) {
    this.buf = buf;
    buf.setLength(0);
  }

  void addChar(int c) {
    if (ShellLexer.isSpace(c) && inWord) {
      if (buf.length() != 0) {
        words.add(buf.toString());
        buf.setLength(0);
        inWord = false;
      }
    } else if (!ShellLexer.isSpace(c)) {
      addRawChar(c);
    }
  }

  void addRawChar(int c) {
    buf.appendCodePoint(c);
    inWord = true;
  }

  void addString(String str) {
    str.codePoints().forEach(this::addChar);
  }

  void addRawString(String str) {
    buf.append(str);
    inWord = true;
  }

  List<String> get() {
    if (buf.length() > 0) {
      words.add(buf.toString());
      buf.setLength(0);
      inWord = false;
    }
    return words;
  }
}
