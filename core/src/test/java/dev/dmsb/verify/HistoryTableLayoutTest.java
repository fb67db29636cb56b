package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryTableLayoutTest {
  @Test
  void columnsArePaddedToTheirWidestCellWithoutTrailingBlanks() {
    String table =
        HistoryTableLayout.format(
            List.of(
                new HistoryTableLayout.Row(
                    1,
                    "base dmsb/busybox:latest",
                    0,
                    "COPY busybox /bin/busybox",
                    1_000_000,
                    Optional.of("sha256:" + "ab".repeat(32)),
                    "ok"),
                new HistoryTableLayout.Row(
                    2, "app", 12, "CMD [\"/app\"]", 0, Optional.empty(), "-")));
    assertThat(table)
        .isEqualTo(
            String.join(
                "\n",
                "#  STAGE                     LINE           INSTRUCTION                SIZE  LAYER"
                    + "         VERDICT",
                "1  base dmsb/busybox:latest  -              COPY busybox /bin/busybox  1MB   "
                    + "abababababab  ok",
                "2  app                       Dockerfile:12  CMD [\"/app\"]               0B    "
                    + "(empty)       -",
                ""));
  }

  @Test
  void longInstructionsAreOneLineAndCut() {
    String cut = HistoryTableLayout.instruction("RUN  apt-get update \\\n\t&& " + "x".repeat(80));
    assertThat(cut).hasSize(48).startsWith("RUN apt-get update \\ && xxx").endsWith("…");
    assertThat(HistoryTableLayout.instruction("  ENV A=1  ")).isEqualTo("ENV A=1");
  }

  @Test
  void shortDigestsAreTwelveHexDigits() {
    assertThat(HistoryTableLayout.shortDigest("sha256:0123456789abcdef0123"))
        .isEqualTo("0123456789ab");
    assertThat(HistoryTableLayout.shortDigest("abc")).isEqualTo("abc");
  }

  @Test
  void aReportRowGivesItsVerdictWord() {
    HistoryTableLayout.Row row =
        HistoryTableLayout.Row.of(
            new HistoryRow(
                3,
                "COPY /app /app # buildkit",
                5,
                false,
                Optional.of("sha256:" + "1".repeat(64)),
                new Attribution.Unaccounted(),
                Verdict.FOREIGN));
    assertThat(row.verdict()).isEqualTo("foreign");
    assertThat(row.instruction()).isEqualTo("COPY /app /app");
    assertThat(row.index()).isEqualTo(3);
  }
}
