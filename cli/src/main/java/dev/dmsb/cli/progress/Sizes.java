package dev.dmsb.cli.progress;

import dev.dmsb.build.ContextStats;
import java.util.Locale;

/** Human-readable sizes and the context summary line. */
public final class Sizes {
  private Sizes() {}

  /** {@code 1.5 MiB}-style size. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code context: sent 2.0 KiB of 1.0 GiB (pruned)}. */
  public static String contextLine(ContextStats s, boolean pruned) {
    String of = s.contextBytes() >= 0 ? " of " + bytes(s.contextBytes()) : "";
    return "context: sent "
        + bytes(s.fileBytes())
        + of
        + " in "
        + s.entries()
        + " entries"
        + (pruned ? " (pruned to what COPY/ADD use; --no-prune-context sends all)" : "");
  }
}
