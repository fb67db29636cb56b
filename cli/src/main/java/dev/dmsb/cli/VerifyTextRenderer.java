package dev.dmsb.cli;

import dev.dmsb.verify.ByteSize;
import dev.dmsb.verify.Check;
import dev.dmsb.verify.Evidence;
import dev.dmsb.verify.Finding;
import dev.dmsb.verify.HistoryRow;
import dev.dmsb.verify.Totals;
import dev.dmsb.verify.VerifyReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human report: a history table (oldest first), the checks, the findings and the totals. */
final class VerifyTextRenderer {
  private static final int INSTRUCTION_WIDTH = 48;

  private VerifyTextRenderer() {}

  static void render(VerifyReport report, PrintWriter out) {
    out.println("Image " + report.image() + " (" + shortDigest(report.imageId()) + ")");
    out.println("History, oldest first:");
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"#", "STAGE", "LINE", "INSTRUCTION", "SIZE", "LAYER", "VERDICT"});
    for (HistoryRow r : report.rows()) {
      table.add(
          new String[] {
            String.valueOf(r.index()),
            r.stage(),
            r.line() > 0 ? "Dockerfile:" + r.line() : "-",
            truncate(r.instruction()),
            ByteSize.format(r.size()),
            r.digest().map(VerifyTextRenderer::shortDigest).orElse("(empty)"),
            r.verdict().word()
          });
    }
    printTable(table, out);
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
          out.println("      " + evidence(e));
        }
      }
    }
    out.println();
    out.println(totals(report.totals()));
    out.println(report.passed() ? "verify: passed" : "verify: FAILED");
  }

  private static String evidence(Evidence e) {
    List<String> parts = new ArrayList<>();
    if (e.path() != null) {
      parts.add(e.path());
    }
    if (e.digest() != null) {
      parts.add("layer " + shortDigest(e.digest()));
    }
    if (e.digest() != null || e.path() != null) {
      parts.add(ByteSize.format(e.size()));
    }
    if (e.stage() != null) {
      parts.add("stage " + e.stage() + (e.line() > 0 ? " Dockerfile:" + e.line() : ""));
    }
    if (e.createdBy() != null && e.path() == null) {
      parts.add(truncate(e.createdBy()));
    }
    return String.join("  ", parts);
  }

  private static String totals(Totals t) {
    StringBuilder sb =
        new StringBuilder("Totals: image ")
            .append(ByteSize.format(t.imageSize()))
            .append(" in ")
            .append(t.layers())
            .append(" layers");
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

  private static void printTable(List<String[]> table, PrintWriter out) {
    int[] width = new int[table.get(0).length];
    for (String[] row : table) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : table) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        sb.append(row[i]);
        if (i < row.length - 1) {
          sb.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String truncate(String s) {
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
