package dev.dmsb.dockerfile.check;

import java.util.Locale;

/** How bad a finding is, by what the engine would do. */
public enum Severity {
  /** The build fails, or silently does something other than written. */
  ERROR,
  /** The build works but likely not as meant, or breaks under the other builder. */
  WARNING,
  /** Advice. */
  INFO;

  /** Lower-case name as printed: {@code error}, {@code warning}, {@code info}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
