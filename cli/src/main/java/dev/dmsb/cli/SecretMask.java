package dev.dmsb.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hides the values of build arguments whose names look like secrets ({@code *TOKEN*}, {@code
 * *PASSWORD*}, {@code *SECRET*}, in any case) in everything a command prints: the engine's output,
 * the history a check shows, error messages. A build argument is no way to pass a secret (the
 * legacy builder writes it into the image's history), but it should not end up in a CI log too.
 */
final class SecretMask {
  static final String MASK = "****";

  private final List<String> values;

  private SecretMask(List<String> values) {
    this.values = values;
  }

  /** The mask for these build arguments. */
  static SecretMask of(Map<String, String> buildArgs) {
    List<String> values = new ArrayList<>();
    buildArgs.forEach(
        (name, value) -> {
          if (looksSecret(name) && value != null && !value.isEmpty()) {
            values.add(value);
          }
        });
    // Longest first, so that a value containing another is hidden whole.
    values.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMask(List.copyOf(values));
  }

  static boolean looksSecret(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return n.contains("TOKEN") || n.contains("PASSWORD") || n.contains("SECRET");
  }

  /** {@code text} with every secret value replaced by {@value #MASK}. */
  String apply(String text) {
    String masked = text;
    for (String v : values) {
      masked = masked.replace(v, MASK);
    }
    return masked;
  }

  /** {@code out} itself when there is nothing to hide, else a writer that hides it. */
  PrintWriter wrap(PrintWriter out) {
    return values.isEmpty() ? out : new PrintWriter(new Masking(out), false);
  }

  /**
   * Holds text back until a line ends (or a flush), so that a value written in pieces is still seen
   * whole, then passes it on masked.
   */
  private final class Masking extends Writer {
    private final PrintWriter out;
    private final StringBuilder pending = new StringBuilder();

    Masking(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      pending.append(cbuf, off, len);
      int end = Math.max(pending.lastIndexOf("\n"), pending.lastIndexOf("\r"));
      if (end >= 0) {
        out.write(apply(pending.substring(0, end + 1)));
        pending.delete(0, end + 1);
      }
    }

    @Override
    public void flush() {
      if (pending.length() > 0) {
        out.write(apply(pending.toString()));
        pending.setLength(0);
      }
      out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
