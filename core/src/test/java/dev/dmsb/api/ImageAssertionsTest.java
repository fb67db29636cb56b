package dev.dmsb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageAssertionsTest {
  private static final String ID = "sha256:" + "ab".repeat(32);

  private static HistoryLayer layer(
      int i, String stage, int line, String instruction, long size, LayerVerdict verdict) {
    return new HistoryLayer(
        i,
        stage,
        line,
        instruction,
        instruction,
        size,
        false,
        Optional.of("sha256:" + String.valueOf(i).repeat(64)),
        verdict);
  }

  private static VerifyResult shipped() {
    return new VerifyResult(
        "app:test",
        ID,
        false,
        Optional.of("1"),
        List.of(
            layer(
                1,
                "base dmsb/busybox:latest",
                0,
                "COPY busybox /bin/busybox",
                1_982_256,
                LayerVerdict.OK),
            layer(
                2,
                "builder",
                2,
                "RUN head -c 3000000 /dev/urandom > /t.bin",
                3_000_000,
                LayerVerdict.SHIPPED),
            layer(3, "1", 5, "COPY /app /opt/app", 120, LayerVerdict.OK)),
        List.of(new CheckResult("builder-not-shipped", false, "3MB of non-final stages ship")),
        List.of(
            new VerifyFinding(Severity.ERROR, "builder-shipped", "the final stage ...", List.of())),
        new ImageTotals(4_982_376, 3, 1, Map.of("builder", 1, "1", 1)),
        Optional.of(
            List.of(
                new ImageFile("/bin/busybox", 1_982_256, 1, false),
                new ImageFile("/t.bin", 3_000_000, 2, false),
                new ImageFile("/opt", 0, 3, true),
                new ImageFile("/opt/app", 120, 3, false))));
  }

  private static VerifyResult clean() {
    VerifyResult s = shipped();
    return new VerifyResult(
        s.image(),
        s.imageId(),
        true,
        s.finalStage(),
        List.of(s.history().get(0), s.history().get(2)),
        List.of(),
        List.of(),
        new ImageTotals(1_982_376, 2, 1, Map.of("1", 1)),
        s.files());
  }

  @Test
  void aShippedBuilderFailsWithItsLayersAndTheTable() {
    assertThatThrownBy(() -> ImageAssertions.assertThat(shipped()).keptOnlyFinalStage())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected image app:test (abababababab) to keep only its final stage '1'")
        .hasMessageContaining("it ships stage 'builder' (1 entries, 3MB)")
        .hasMessageContaining(
            "#2 builder Dockerfile:2 RUN head -c 3000000 /dev/urandom > /t.bin 3MB")
        .hasMessageContaining("History, oldest first:\n#  STAGE")
        .hasMessageContaining("2  builder                   Dockerfile:2  RUN head -c");
  }

  /** {@link #shipped()} built from {@code docker/leaky.Dockerfile} in its context. */
  private static VerifyResult shippedFromLeaky() {
    VerifyResult s = shipped();
    return new VerifyResult(
        s.image(),
        s.imageId(),
        s.passed(),
        s.finalStage(),
        s.history(),
        s.checks(),
        s.findings(),
        s.totals(),
        s.files(),
        "docker/leaky.Dockerfile");
  }

  @Test
  void messagesAndTheTableNameTheRealDockerfile() {
    VerifyResult r = shippedFromLeaky();
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).keptOnlyFinalStage())
        .hasMessageContaining("#2 builder docker/leaky.Dockerfile:2 RUN head -c 3000000")
        .hasMessageContaining("2  builder                   docker/leaky.Dockerfile:2  RUN head")
        .hasMessageNotContaining(" Dockerfile:");
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).doesNotContain("/t.bin"))
        .hasMessageContaining("written by layer 2: builder docker/leaky.Dockerfile:2 RUN head");
    assertThat(r.report()).contains("docker/leaky.Dockerfile:5").doesNotContain(" Dockerfile:");
  }

  @Test
  void theFinalStagesLayerCountLeavesTheBaseOut() {
    assertThatCode(() -> ImageAssertions.assertThat(clean()).hasFinalStageLayerCount(1))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> ImageAssertions.assertThat(shipped()).hasFinalStageLayerCount(2))
        .hasMessageContaining(
            "to have 2 filesystem layers in its final stage '1', but it has 1 (image 3: base 1,");
    VerifyResult s = clean();
    VerifyResult bare =
        new VerifyResult(
            s.image(),
            s.imageId(),
            true,
            Optional.empty(),
            s.history(),
            List.of(),
            List.of(),
            s.totals(),
            Optional.empty());
    assertThatThrownBy(() -> ImageAssertions.assertThat(bare).hasFinalStageLayerCount(1))
        .hasMessageContaining("verify with .dockerfile(...)");
  }

  @Test
  void passingAssertionsChain() {
    assertThatCode(
            () ->
                ImageAssertions.assertThat(clean())
                    .passed()
                    .keptOnlyFinalStage()
                    .hasLayerCount(2)
                    .contains("/opt/app")
                    .contains("opt/app/")
                    .doesNotContain("/tmp")
                    .sizeAtMost("2MB")
                    .hasNoFinding("builder-shipped"))
        .doesNotThrowAnyException();
  }

  @Test
  void eachFailureSaysWhatWasFound() {
    VerifyResult r = shipped();
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).hasLayerCount(2))
        .hasMessageContaining("to have 2 filesystem layers, but it has 3 (base 1,");
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).sizeAtMost("1MB"))
        .hasMessageContaining(
            "to be at most 1MB (1000000 bytes), but it is 4.98MB (4982376 bytes)");
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).doesNotContain("/t.bin"))
        .hasMessageContaining("/t.bin (3MB, written by layer 2: builder Dockerfile:2 RUN head");
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).contains("/opt/other"))
        .hasMessageContaining("to contain /opt/other, but it does not; in /opt: /opt/app");
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).passed())
        .hasMessageContaining("check builder-not-shipped: 3MB of non-final stages ship")
        .hasMessageContaining("[builder-shipped]");
    assertThatThrownBy(() -> ImageAssertions.assertThat(r).hasNoFinding("builder-shipped"))
        .hasMessageContaining("to have no builder-shipped finding");
  }

  @Test
  void withoutDockerfileOrFilesTheAssertionSaysHowToGetThem() {
    VerifyResult s = shipped();
    VerifyResult bare =
        new VerifyResult(
            s.image(),
            s.imageId(),
            true,
            Optional.empty(),
            s.history(),
            List.of(),
            List.of(),
            s.totals(),
            Optional.empty());
    assertThatThrownBy(() -> ImageAssertions.assertThat(bare).keptOnlyFinalStage())
        .hasMessageContaining("verify with .dockerfile(...)");
    assertThatThrownBy(() -> ImageAssertions.assertThat(bare).contains("/opt"))
        .hasMessageContaining("did not read the image's files");
    BuiltImage unverified =
        new BuiltImage(
            ID, List.of("app:test"), BuildBackend.BUILDKIT, List.of(), Optional.empty(), List.of());
    assertThatThrownBy(() -> ImageAssertions.assertThat(unverified))
        .hasMessageContaining("was not verified; build it with .expect(");
  }

  @Test
  void theReportHasTableChecksAndVerdict() {
    String report = shipped().report();
    assertThat(report)
        .startsWith("Image app:test (abababababab)\nHistory, oldest first:\n")
        .contains("FAIL builder-not-shipped")
        .contains("error [builder-shipped]")
        .endsWith("verify: FAILED\n");
  }

  @Test
  void theReportsTotalIsTheSumOfTheLayersAndSaysWhatTheEnginesFigureCounts() {
    VerifyResult s = clean();
    // as Docker 28.5's containerd image store answers: compressed blobs, layers' disk usage
    VerifyResult packed =
        new VerifyResult(
            s.image(),
            s.imageId(),
            true,
            s.finalStage(),
            s.history(),
            List.of(),
            List.of(),
            new ImageTotals(1_086_138, 2, 1, Map.of("1", 1), 2_023_424, "compressed", "disk usage"),
            s.files());

    assertThat(packed.report())
        .contains(
            "Totals: image 2.02MB in 2 layers (disk usage, from the history; the engine's image"
                + " size 1.09MB compressed)");
    assertThat(clean().report()).contains("Totals: image 1.98MB in 2 layers (uncompressed)");
  }
}
