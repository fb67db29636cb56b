package dev.dmsb.api;

import dev.dmsb.verify.ByteSize;
import dev.dmsb.verify.HistoryTableLayout;
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
    return HistoryTableLayout.format(
        result.history().stream()
            .map(
                h ->
                    new HistoryTableLayout.Row(
                        h.index(),
                        h.stage(),
                        h.line(),
                        h.instruction(),
                        h.size(),
                        h.digest(),
                        verdictWord(h.verdict())))
            .toList(),
        result.dockerfile());
  }

  static String report(VerifyResult result) {
    StringBuilder out = new StringBuilder();
    out.append("Image ")
        .append(result.image())
        .append(" (")
        .append(HistoryTableLayout.shortDigest(result.imageId()))
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
    // the layers' sum from the history, with the engine's own figure when it counts another way
    out.append("\nTotals: image ")
        .append(ByteSize.format(t.layerBytes()))
        .append(" in ")
        .append(t.layers())
        .append(" layers (")
        .append(t.layerSizeMeaning());
    if (t.imageSize() != t.layerBytes() || !t.imageSizeMeaning().equals(t.layerSizeMeaning())) {
      out.append(", from the history; the engine's image size ")
          .append(ByteSize.format(t.imageSize()))
          .append(' ')
          .append(t.imageSizeMeaning());
    }
    out.append(")\n").append(result.passed() ? "verify: passed\n" : "verify: FAILED\n");
    return out.toString();
  }

  static String verdictWord(LayerVerdict v) {
    return v == LayerVerdict.UNCHECKED ? "-" : v.name().toLowerCase(Locale.ROOT);
  }
}
