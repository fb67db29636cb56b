package dev.dmsb.cli;

import dev.dmsb.secret.SecretNames;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hides the values of build arguments named like secrets ({@link SecretNames#isSecret}: {@code
 * *TOKEN*}, {@code *PASSWORD*}, {@code *SECRET*}, any case) in what dmsb prints: the engine echoes
 * them in step output (a {@code RUN echo $API_TOKEN}), in failure tails and in JSON progress. Text
 * is held until a line ends or the writer is flushed, so a value split across writes is still
 * found.
 */
final class SecretMask {
  static final String MASK = SecretNames.MASK;

  /** Values shorter than this are left alone: masking "1" would garble every number shown. */
  static final int MIN_LENGTH = 3;

  private final List<String> values;

  private SecretMask(List<String> values) {
    this.values = values;
  }

  /** The mask for these build arguments' secret-named values. */
  static SecretMask of(Map<String, String> buildArgs) {
    return new SecretMask(
        buildArgs.entrySet().stream()
            .filter(e -> isSecretName(e.getKey()))
            .map(Map.Entry::getValue)
            .filter(v -> v != null && v.length() >= MIN_LENGTH)
            .distinct()
            // longest first, so a value containing another is masked whole
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  static boolean isSecretName(String name) {
    return SecretNames.isSecret(name);
  }

  /** {@code text} with every secret value replaced by {@value #MASK}. */
  String apply(String text) {
    String s = text;
    for (String v : values) {
      s = s.replace(v, MASK);
    }
    return s;
  }

  /** {@code target} itself when there is nothing to hide, else a masking writer around it. */
  PrintWriter wrap(PrintWriter target) {
    if (values.isEmpty()) {
      return target;
    }
    return new PrintWriter(new Masking(target), false);
  }

  private final class Masking extends Writer {
    private final PrintWriter target;
    private final StringBuilder pending = new StringBuilder();

    Masking(PrintWriter target) {
      this.target = target;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      pending.append(buf, off, len);
      int nl = pending.lastIndexOf("\n");
      if (nl >= 0) {
        target.write(apply(pending.substring(0, nl + 1)));
        pending.delete(0, nl + 1);
      }
    }

    @Override
    public void flush() {
      if (pending.length() > 0) {
        target.write(apply(pending.toString()));
        pending.setLength(0);
      }
      target.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
