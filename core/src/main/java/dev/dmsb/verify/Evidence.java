package dev.dmsb.verify;

/**
 * What a finding points at. Fields that do not apply are null (strings) or 0 (numbers).
 *
 * @param digest the layer's diff ID
 * @param size the layer's (or file's, when {@code path} is set) size in bytes
 * @param createdBy the history entry's {@code CreatedBy}
 * @param stage the stage the entry is attributed to
 * @param line the Dockerfile line, 0 when none
 * @param path a file path in the image ({@code /etc/passwd}), for file findings
 */
public record Evidence(
    String digest, long size, String createdBy, String stage, int line, String path) {

  static Evidence of(HistoryRow row) {
    return new Evidence(
        row.digest().orElse(null), row.size(), row.createdBy(), row.stage(), row.line(), null);
  }

  static Evidence ofFile(HistoryRow row, String path, long size) {
    return new Evidence(
        row == null ? null : row.digest().orElse(null),
        size,
        row == null ? null : row.createdBy(),
        row == null ? null : row.stage(),
        row == null ? 0 : row.line(),
        path);
  }
}
