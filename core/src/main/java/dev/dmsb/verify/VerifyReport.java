package dev.dmsb.verify;

import java.util.List;

/**
 * The result of verifying one image.
 *
 * @param image the reference that was verified
 * @param imageId the image's ID ({@code sha256:...})
 * @param rows the history, oldest first, each row attributed
 * @param checks every check that ran
 * @param findings what was found, errors and warnings
 * @param totals sizes and counts
 */
public record VerifyReport(
    String image,
    String imageId,
    List<HistoryRow> rows,
    List<Check> checks,
    List<Finding> findings,
    Totals totals) {
  public VerifyReport {
    rows = List.copyOf(rows);
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
  }

  /** True when every check held and no finding is an error. */
  public boolean passed() {
    return checks.stream().allMatch(Check::passed)
        && findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
  }
}
