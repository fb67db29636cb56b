package dev.dmsb.verify;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them ({@code 10MB}, {@code 1.5GiB}, {@code 2048}) and as docker shows them.
 */
public final class ByteSize {
  private static final Pattern SIZE =
      Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?)(b?)\\s*");
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private ByteSize() {}

  /**
   * Parses a size: a number of bytes, or a number with a unit: {@code kB MB GB TB} (powers of 1000,
   * also written {@code k M G T}) or {@code KiB MiB GiB TiB} (powers of 1024).
   *
   * @throws IllegalArgumentException with the accepted forms when {@code text} is not a size
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text);
    if (!m.matches() || (m.group(2).isEmpty() && !m.group(3).isEmpty())) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; write bytes (1048576) or a unit: 10MB, 512kB, 1.5GiB");
    }
    double number = Double.parseDouble(m.group(1));
    int power =
        " KMGTP"
            .indexOf(
                m.group(2).toUpperCase(Locale.ROOT).isEmpty()
                    ? " "
                    : m.group(2).toUpperCase(Locale.ROOT));
    double base = m.group(3).isEmpty() ? 1000 : 1024;
    double bytes = number * Math.pow(base, power);
    if (bytes > Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    return Math.round(bytes);
  }

  /** Like {@code docker history}: three significant digits, powers of 1000 ({@code 1.98MB}). */
  public static String format(long bytes) {
    double v = bytes;
    int unit = 0;
    while (v >= 1000 && unit < UNITS.length - 1) {
      v /= 1000;
      unit++;
    }
    String number =
        new java.math.BigDecimal(v)
            .round(new java.math.MathContext(3))
            .stripTrailingZeros()
            .toPlainString();
    return number + UNITS[unit];
  }
}
