package dev.dmsb.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying one image: its history attributed to the base image and the stages, the
 * checks that ran, what was found, and (when the files were read) the image's paths. Assert on it
 * with {@link ImageAssertions#assertThat(VerifyResult)}.
 *
 * @param image the reference that was verified
 * @param imageId the full image ID ({@code sha256:...})
 * @param passed whether every check held and no finding is an error
 * @param finalStage the Dockerfile's final (target) stage, when a Dockerfile was given
 * @param history the history, oldest first, each entry attributed
 * @param checks every check that ran
 * @param findings errors and warnings, with evidence
 * @param totals sizes and counts
 * @param files the paths of the image's final filesystem, when they were read
 * @param dockerfile the Dockerfile's name in line references ({@code leaky.Dockerfile:3}), as its
 *     diagnostics name it: relative to the build context for a build, as given for a verification
 */
public record VerifyResult(
    String image,
    String imageId,
    boolean passed,
    Optional<String> finalStage,
    List<HistoryLayer> history,
    List<CheckResult> checks,
    List<VerifyFinding> findings,
    ImageTotals totals,
    Optional<List<ImageFile>> files,
    String dockerfile) {

  public VerifyResult {
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(finalStage, "finalStage");
    history = List.copyOf(history);
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    files = files.map(List::copyOf);
  }

  /** A result whose Dockerfile is named {@code Dockerfile}. */
  public VerifyResult(
      String image,
      String imageId,
      boolean passed,
      Optional<String> finalStage,
      List<HistoryLayer> history,
      List<CheckResult> checks,
      List<VerifyFinding> findings,
      ImageTotals totals,
      Optional<List<ImageFile>> files) {
    this(
        image, imageId, passed, finalStage, history, checks, findings, totals, files, "Dockerfile");
  }

  /** {@code <dockerfile>:<line>} for an attributed line, else empty. */
  public String lineReference(int line) {
    return line > 0 ? dockerfile + ":" + line : "";
  }

  /** Whether the history was compared with a Dockerfile (so verdicts mean something). */
  public boolean attributed() {
    return finalStage.isPresent();
  }

  /**
   * Whether the image holds only its base image and the final stage's own layers: compared with a
   * Dockerfile, and no entry shipped from another stage or foreign to the Dockerfile.
   */
  public boolean keptOnlyFinalStage() {
    return attributed()
        && history.stream()
            .noneMatch(
                h -> h.verdict() == LayerVerdict.SHIPPED || h.verdict() == LayerVerdict.FOREIGN);
  }

  /** The entries with the given verdict, oldest first. */
  public List<HistoryLayer> layers(LayerVerdict verdict) {
    return history.stream().filter(h -> h.verdict() == verdict).toList();
  }

  /** A short summary; {@link #report()} has everything. */
  @Override
  public String toString() {
    return "VerifyResult[image="
        + image
        + ", passed="
        + passed
        + ", finalStage="
        + finalStage.orElse("-")
        + ", layers="
        + totals.layers()
        + ", size="
        + totals.imageSize()
        + ", findings="
        + findings.size()
        + ", files="
        + files.map(f -> String.valueOf(f.size())).orElse("not read")
        + "]";
  }

  /** The history as a text table, oldest first, as {@code dmsb verify} prints it. */
  public String historyTable() {
    return HistoryTable.render(this);
  }

  /** The whole report as text: the table, the checks, the findings and the verdict. */
  public String report() {
    return HistoryTable.report(this);
  }
}
