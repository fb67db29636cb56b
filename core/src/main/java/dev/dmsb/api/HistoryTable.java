package dev.dmsb.api;

import dev.dmsb.verify.ByteSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text of a {@link VerifyResult}, in the same shape as {@code dmsb verify}'s report: a history
 * table (oldest first), the checks, the findings. Rendered from the API records so that assertion
 * messages need nothing from the CLI.
 */
final class HistoryTable {
  private static final int INSTRUCTION_WIDTH = 48;

  private HistoryTable() {}

  static String render(VerifyResult result) {
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"#", "STAGE", "LINE", "INSTRUCTION", "SIZE", "LAYER", "VERDICT"});
    for (HistoryLayer h : result.history()) {
      table.add(
          new String[] {
            String.valueOf(h.index()),
            h.stage(),
            h.line() > 0 ? "Dockerfile:" + h.line() : "-",
            truncate(h.instruction()),
            ByteSize.format(h.size()),
            h.digest().map(HistoryTable::shortDigest).orElse("(empty)"),
            verdictWord(h.verdict())
          });
    }
    int[] width = new int[table.get(0).length];
    for (String[] row : table) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : table) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  static String report(VerifyResult result) {
    StringBuilder out = new StringBuilder();
    out.append("Image ")
        .append(result.image())
        .append(" (")
        .append(shortDigest(result.imageId()))
        .append(")\nHistory, oldest first:\n")
        .append(render(result));
    if (!result.checks().isEmpty()) {
      out.append("\nChecks:\n");
      for (CheckResult c : result.checks()) {
        out.append("  ")
            .append(c.passed() ? "PASS " : "FAIL ")
            .append(c.name())
            .append(": ")
            .append(c.message())
            .append('\n');
      }
    }
    if (!result.findings().isEmpty()) {
      out.append("\nFindings:\n");
      for (VerifyFinding f : result.findings()) {
        out.append("  ")
            .append(f.severity().name().toLowerCase(Locale.ROOT))
            .append(" [")
            .append(f.rule())
            .append("] ")
            .append(f.message())
            .append('\n');
      }
    }
    ImageTotals t = result.totals();
    out.append("\nTotals: image ")
        .append(ByteSize.format(t.imageSize()))
        .append(" in ")
        .append(t.layers())
        .append(" layers\n")
        .append(result.passed() ? "verify: passed\n" : "verify: FAILED\n");
    return out.toString();
  }

  static String verdictWord(LayerVerdict v) {
    return v == LayerVerdict.UNCHECKED ? "-" : v.name().toLowerCase(Locale.ROOT);
  }

  static String truncate(String s) {
    String oneLine = s.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= INSTRUCTION_WIDTH
        ? oneLine
        : oneLine.substring(0, INSTRUCTION_WIDTH - 1) + "…";
  }

  static String shortDigest(String digest) {
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
