package dev.dmsb.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The attributed history as a text table, oldest first, in the columns {@code # STAGE LINE
 * INSTRUCTION SIZE LAYER VERDICT}, each padded to its widest cell. {@code dmsb verify} prints it
 * and the Java API puts it in its reports and assertion messages, so both show the same table. It
 * only formats; printing is the caller's.
 */
public final class HistoryTableLayout {
  /** Instructions longer than this are cut, with an ellipsis. */
  private static final int INSTRUCTION_WIDTH = 48;

  private static final String[] HEADER = {
    "#", "STAGE", "LINE", "INSTRUCTION", "SIZE", "LAYER", "VERDICT"
  };

  private HistoryTableLayout() {}

  /**
   * One row of the table.
   *
   * @param index 1-based position, oldest first
   * @param stage the stage column ({@code base <image>}, a stage, or {@code -})
   * @param line the Dockerfile line, 0 when none
   * @param instruction the instruction in short
   * @param size bytes of the entry's layer
   * @param digest the layer's diff ID, empty for an entry without a layer
   * @param verdict the verdict's word ({@code ok}, {@code shipped}, {@code foreign}, {@code -})
   */
  public record Row(
      int index,
      String stage,
      int line,
      String instruction,
      long size,
      Optional<String> digest,
      String verdict) {

    /** The row for one history entry of a report. */
    public static Row of(HistoryRow r) {
      return new Row(
          r.index(),
          r.stage(),
          r.line(),
          r.instruction(),
          r.size(),
          r.digest(),
          r.verdict().word());
    }
  }

  /** {@link #format(List, String)} for a Dockerfile named {@code Dockerfile}. */
  public static String format(List<Row> rows) {
    return format(rows, "Dockerfile");
  }

  /**
   * The table, header first, one {@code \n}-terminated line per row, no trailing blanks; lines read
   * {@code <dockerfile>:<line>}, {@code dockerfile} as diagnostics name it.
   */
  public static String format(List<Row> rows, String dockerfile) {
    List<String[]> table = new ArrayList<>();
    table.add(HEADER);
    for (Row r : rows) {
      table.add(
          new String[] {
            String.valueOf(r.index()),
            r.stage(),
            r.line() > 0 ? dockerfile + ":" + r.line() : "-",
            instruction(r.instruction()),
            ByteSize.format(r.size()),
            r.digest().map(HistoryTableLayout::shortDigest).orElse("(empty)"),
            r.verdict()
          });
    }
    int[] width = new int[HEADER.length];
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

  /** An instruction on one line (white space runs made one space), cut to the column's width. */
  public static String instruction(String s) {
    String oneLine = s.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= INSTRUCTION_WIDTH
        ? oneLine
        : oneLine.substring(0, INSTRUCTION_WIDTH - 1) + "…";
  }

  /** The first 12 hex digits of a {@code sha256:} digest, as {@code docker images} shows IDs. */
  public static String shortDigest(String digest) {
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
