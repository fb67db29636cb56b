package dev.dmsb.cli;

import dev.dmsb.verify.ByteSize;
import dev.dmsb.verify.Check;
import dev.dmsb.verify.Evidence;
import dev.dmsb.verify.Finding;
import dev.dmsb.verify.HistoryTableLayout;
import dev.dmsb.verify.Totals;
import dev.dmsb.verify.VerifyReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human report: a history table (oldest first), the checks, the findings and the totals. */
final class VerifyTextRenderer {
  private VerifyTextRenderer() {}

  static void render(VerifyReport report, String dockerfile, PrintWriter out) {
    out.println(
        "Image " + report.image() + " (" + HistoryTableLayout.shortDigest(report.imageId()) + ")");
    out.println("History, oldest first:");
    HistoryTableLayout.format(
            report.rows().stream().map(HistoryTableLayout.Row::of).toList(), dockerfile)
        .lines()
        .forEach(out::println);
    if (!report.checks().isEmpty()) {
      out.println();
      out.println("Checks:");
      for (Check c : report.checks()) {
        out.println("  " + (c.passed() ? "PASS " : "FAIL ") + c.name() + ": " + c.message());
      }
    }
    if (!report.findings().isEmpty()) {
      out.println();
      out.println("Findings:");
      for (Finding f : report.findings()) {
        out.println(
            "  "
                + f.severity().name().toLowerCase(Locale.ROOT)
                + " ["
                + f.rule()
                + "] "
                + f.message());
        for (Evidence e : f.evidence()) {
          out.println("      " + evidence(e, dockerfile));
        }
      }
    }
    out.println();
    out.println(totals(report.totals()));
    out.println(report.passed() ? "verify: passed" : "verify: FAILED");
  }

  private static String evidence(Evidence e, String dockerfile) {
    List<String> parts = new ArrayList<>();
    if (e.path() != null) {
      parts.add(e.path());
    }
    if (e.digest() != null) {
      parts.add("layer " + HistoryTableLayout.shortDigest(e.digest()));
    }
    if (e.digest() != null || e.path() != null) {
      parts.add(ByteSize.format(e.size()));
    }
    if (e.stage() != null) {
      parts.add("stage " + e.stage() + (e.line() > 0 ? " " + dockerfile + ":" + e.line() : ""));
    }
    if (e.createdBy() != null && e.path() == null) {
      parts.add(HistoryTableLayout.instruction(e.createdBy()));
    }
    return String.join("  ", parts);
  }

  /**
   * The totals, each figure said for what it is: the image's total is the sum of its layers'
   * history sizes (so its parts, base and stages, never add up to more), and the engine's own
   * figure is shown beside it when it counts another way (the containerd image store counts
   * compressed blobs).
   */
  static String totals(Totals t) {
    StringBuilder sb =
        new StringBuilder("Totals: image ")
            .append(ByteSize.format(t.layerBytes()))
            .append(" in ")
            .append(t.layers())
            .append(" layers (")
            .append(t.layerSizeMeaning().words());
    if (t.imageSize() != t.layerBytes() || t.imageSizeMeaning() != t.layerSizeMeaning()) {
      sb.append(", from the history; the engine's image size ")
          .append(ByteSize.format(t.imageSize()))
          .append(' ')
          .append(t.imageSizeMeaning().words());
    }
    sb.append(')');
    if (!t.layersByStage().isEmpty()) {
      sb.append("; base ")
          .append(t.baseLayers())
          .append(" layers ")
          .append(ByteSize.format(t.baseBytes()));
      t.layersByStage()
          .forEach(
              (stage, n) ->
                  sb.append("; stage ")
                      .append(stage)
                      .append(' ')
                      .append(n)
                      .append(" layers ")
                      .append(ByteSize.format(t.bytesByStage().get(stage))));
      sb.append("; final stage ").append(ByteSize.format(t.finalStageBytes()));
    }
    t.keptOutBytes()
        .ifPresent(
            b -> sb.append("; kept out by the multi-stage build ").append(ByteSize.format(b)));
    return sb.toString();
  }
}
